using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rongtong.Domain.Ledger;
using Rongtong.Web.Tests.Infrastructure;

namespace Rongtong.Web.Tests.Api;

/// <summary>
/// A dated change of the policy's parameters while guarantees are live (POLICY.md P4, P6): a guarantee keeps the 4222
/// ratio and the P6 weight of the day it was approved, so its liability and its weighted book are released to the 分,
/// its loss is shared as booked, and a loan recorded after the change posts the liability the book holds. The app reads
/// a copy of the shipped policy in which, from 2023-07-15, the ratio is 3:2:2:3 and a small/micro guarantee weighs 50 %.
/// </summary>
public sealed class DatedTermsTests(DatedTermsTests.App app) : IClassFixture<DatedTermsTests.App>
{
    /// <summary>SQLite, with the policy folder copied and the ratio and the small/micro weight changed from 2023-07-15.</summary>
    public sealed class App : SqliteApp
    {
        protected override async Task<IReadOnlyDictionary<string, string?>> DatabaseSettingsAsync()
        {
            var policy = Path.Combine(Folder, "policy");
            Copy(Path.Combine(AppContext.BaseDirectory, "policy"), policy);
            var file = Path.Combine(policy, "HZ-2021-20", "parameters.csv");
            var changed = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["risk_share.guarantor"] = "0.3", ["risk_share.national_fund"] = "0.2", ["risk_share.provincial_reguarantee"] = "0.2",
                ["risk_share.bank"] = "0.3", ["amplification.weight_small_micro"] = "0.5",
            };
            var lines = new List<string>();
            foreach (var line in await File.ReadAllLinesAsync(file))
            {
                var fields = line.Split(',');
                if (changed.TryGetValue(fields[0], out var value))
                {
                    Assert.True(fields[2].Length == 0 && fields[3].Length == 0, $"{fields[0]} is already dated");
                    lines.Add(string.Join(",", [fields[0], fields[1], "2021-05-06", "2023-07-14", .. fields[4..]]));
                    lines.Add(string.Join(",", [fields[0], value, "2023-07-15", "2024-05-05", .. fields[4..]]));
                }
                else
                {
                    lines.Add(line);
                }
            }

            Assert.Equal(changed.Count * 2, lines.Count(l => changed.ContainsKey(l.Split(',')[0])));
            await File.WriteAllLinesAsync(file, lines);
            var settings = new Dictionary<string, string?>(await base.DatabaseSettingsAsync()) { ["Policy:Directory"] = policy };
            return settings;
        }

        private static void Copy(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from))
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }

            foreach (var directory in Directory.GetDirectories(from))
            {
                Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
            }
        }
    }

    private static readonly DateOnly BusinessDate = new(2023, 6, 30);

    private async Task<List<long>> KeyEnterprisesAsync(int take) =>
        await app.WithDatabaseAsync(async db =>
        {
            var demo = await db.Organisations.Where(o => o.EnterpriseId != null).Select(o => o.EnterpriseId!.Value).ToListAsync();
            return await db.Determinations.Where(x => x.AsOf == BusinessDate && x.IsKey && x.QuotaFen >= 200_000_00 && !x.QuotaExceedable && !demo.Contains(x.EnterpriseId))
                .OrderBy(x => x.EnterpriseId).Select(x => x.EnterpriseId).Take(take).ToListAsync();
        });

    /// <summary>What is left on the guarantor's liability account from this guarantee's entries.</summary>
    private Task<long> LiabilityLeftAsync(long guaranteeId) =>
        app.WithDatabaseAsync(async db =>
            await (from e in db.LedgerEntries
                   join p in db.LedgerPostings on e.Id equals p.EntryId
                   where e.GuaranteeId == guaranteeId && p.Purpose == (int)AccountPurpose.GuaranteeLiability
                   select p.Fen).SumAsync());

    [Fact]
    public async Task AChangeOfTheRatioOrTheWeights_AfterAGuaranteeWasBooked_LeavesNoLiabilityBehind_AndSharesItsLossAsBooked()
    {
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        using var checker = await app.ClientAsync("guarantor-checker");
        using var regulator = await app.ClientAsync("regulator");
        var enterprises = await KeyEnterprisesAsync(2);
        var bankId = await app.OrganisationIdAsync("BANK-1");
        var guarantor = await app.OrganisationIdAsync("GUAR-HZ");
        Task<long> BookAsync() => app.WithDatabaseAsync(async db =>
            (await db.GuarantorBooks.Where(b => b.GuarantorId == guarantor).Select(b => (long?)b.WeightedLiabilityFen).SingleOrDefaultAsync() ?? 0)
            + (await db.GuarantorBookReleases.Where(r => r.GuarantorId == guarantor).SumAsync(r => (long?)r.WeightedFen) ?? 0));

        async Task<long> ApprovedAsync(long enterprise, bool smallMicro, string start, string end)
        {
            var id = (await (await bank.PostJsonAsync("/api/v1/guarantees", new
            {
                enterpriseId = enterprise, bankId, guarantorId = guarantor, amount = "100000.00", feeRate = 0.008,
                startDate = start, endDate = end, smallMicroBorrower = smallMicro,
            })).ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
            await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
            await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })).ExpectAsync(HttpStatusCode.OK);
            await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/letter", new { })).ExpectAsync(HttpStatusCode.OK);
            return id;
        }

        async Task LentAsync(long id, long enterprise, string on) =>
            await (await bank.PostJsonAsync("/api/v1/loans", new
            {
                reference = $"D-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = "100000.00", annualRate = 0.04, termMonths = 12, disbursedOn = on, guaranteeId = id,
            })).ExpectAsync(HttpStatusCode.Created);

        async Task<long> InForceAsync(long enterprise, bool smallMicro, string start = "2023-07-01", string end = "2024-07-01")
        {
            var id = await ApprovedAsync(enterprise, smallMicro, start, end);
            await LentAsync(id, enterprise, start);
            return id;
        }

        // Booked on 2023-06-30 under 4:2:2:2 and the 75 % weight.
        var before = await BookAsync();
        var repaid = await InForceAsync(enterprises[0], smallMicro: true);
        Assert.Equal(60_000_00, await BookAsync() - before); // its liability, 80,000.00, weighs 75 %
        Assert.Equal(-80_000_00, await LiabilityLeftAsync(repaid)); // the guarantor's liability, a credit: 100,000.00 − the bank's 20 %
        var defaulted = await InForceAsync(enterprises[1], smallMicro: false);
        var enterprise3 = (await KeyEnterprisesAsync(4))[3];
        var lentLater = await ApprovedAsync(enterprise3, smallMicro: false, "2023-07-01", "2024-07-01");

        // From 2023-07-15 the policy says 3:2:2:3 and 50 %.
        await (await regulator.PutAsJsonAsync("/api/v1/business-date", new { businessDate = "2023-07-20" })).ExpectAsync(HttpStatusCode.OK);
        try
        {
            await (await bank.PostJsonAsync($"/api/v1/guarantees/{repaid}/repayments", new { amount = "40000.00" })).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(-48_000_00, await LiabilityLeftAsync(repaid)); // 60,000.00 outstanding × 80 %, not × 70 %
            var released = await (await bank.PostJsonAsync($"/api/v1/guarantees/{repaid}/repayments", new { amount = "60000.00" })).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("Released", released.GetProperty("status").GetString());
            Assert.Equal(0, await LiabilityLeftAsync(repaid));

            await (await bank.PostJsonAsync($"/api/v1/guarantees/{defaulted}/default", new { })).ExpectAsync(HttpStatusCode.OK);
            var shares = await (await checker.PostJsonAsync($"/api/v1/guarantees/{defaulted}/compensation", new { })).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(("40000.00", "20000.00", "20000.00", "20000.00"),
                (shares.GetProperty("guarantor").GetString(), shares.GetProperty("nationalFund").GetString(), shares.GetProperty("provincialReguarantee").GetString(), shares.GetProperty("bank").GetString()));
            Assert.Equal(0, await LiabilityLeftAsync(defaulted));
            var recovery = await (await maker.PostJsonAsync($"/api/v1/guarantees/{defaulted}/recoveries", new { amount = "10000.03" })).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(("4000.01", "2000.01", "2000.01", "2000.00"),
                (recovery.GetProperty("guarantor").GetString(), recovery.GetProperty("nationalFund").GetString(), recovery.GetProperty("provincialReguarantee").GetString(), recovery.GetProperty("bank").GetString()));

            // Approved under 4:2:2:2, lent under 3:2:2:3: its liability is that of its approval day on the ledger and the book alike.
            var bookBeforeLoan = await BookAsync();
            await LentAsync(lentLater, enterprise3, "2023-07-20");
            Assert.Equal(-80_000_00, await LiabilityLeftAsync(lentLater));
            Assert.Equal(bookBeforeLoan, await BookAsync());
            await (await bank.PostJsonAsync($"/api/v1/guarantees/{lentLater}/repayments", new { amount = "100000.00" })).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(0, await LiabilityLeftAsync(lentLater));

            // All three are off the book: exactly what their approvals reserved came back.
            Assert.Equal(before, await BookAsync());
            var statement = await (await regulator.GetAsync("/api/v1/ledger/statement")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("0.00", statement.GetProperty("trialBalance").GetString());

            // A guarantee booked after the change takes the new terms: a liability of 70 % weighing 50 % on the book.
            var bookBefore = await BookAsync();
            var later = await InForceAsync((await KeyEnterprisesAsync(3))[2], smallMicro: true, "2023-07-20", "2024-07-20");
            Assert.Equal(35_000_00, await BookAsync() - bookBefore);
            Assert.Equal(-70_000_00, await LiabilityLeftAsync(later));
        }
        finally
        {
            await (await regulator.PutAsJsonAsync("/api/v1/business-date", new { businessDate = "2023-06-30" })).ExpectAsync(HttpStatusCode.OK);
        }
    }
}
