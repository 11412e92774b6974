using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Rules;
using Rongtong.Web.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace Rongtong.Web.Tests.Api;

/// <summary>
/// Government guarantees through the API (三, POLICY.md P2–P6): the whole lifecycle with exact 4222 money,
/// the four-eyes rule, quota refusals, concurrent approvals that never over-allocate a quota, 见贷即保,
/// and random event sequences that always leave the ledger balanced. Each test uses its own enterprises.
/// </summary>
public abstract class GuaranteeTests(RongtongApp app)
{
    private static readonly DateOnly BusinessDate = new(2023, 6, 30);

    /// <summary>A key enterprise (not a demo enterprise) with its quota, the <paramref name="index"/>-th by id with at least <paramref name="minQuotaFen"/>.</summary>
    private Task<(long Id, long QuotaFen, long LastYearTaxFen)> KeyEnterpriseAsync(int index, long minQuotaFen = 200_000_00, bool exceedable = false) =>
        app.WithDatabaseAsync(async db =>
        {
            var demo = await db.Organisations.Where(o => o.EnterpriseId != null).Select(o => o.EnterpriseId!.Value).ToListAsync();
            var d = await db.Determinations.Where(x => x.AsOf == BusinessDate && x.IsKey && x.QuotaFen >= minQuotaFen && x.QuotaExceedable == exceedable && !demo.Contains(x.EnterpriseId))
                .OrderBy(x => x.EnterpriseId).Skip(index).FirstAsync();
            var last = await db.TaxRecords.Where(t => t.EnterpriseId == d.EnterpriseId && t.Year == 2022).Select(t => (long?)t.TaxPaidFen).FirstOrDefaultAsync() ?? 0;
            return (d.EnterpriseId, d.QuotaFen!.Value, last);
        });

    private async Task<object> ApplicationAsync(long enterprise, string amount, string guarantor = "GUAR-HZ", decimal feeRate = 0.008m, bool smallMicro = false, bool unsecured = true) => new
    {
        enterpriseId = enterprise, bankId = await app.OrganisationIdAsync("BANK-1"), guarantorId = await app.OrganisationIdAsync(guarantor),
        amount, feeRate, startDate = "2023-07-01", endDate = "2024-07-01", smallMicroBorrower = smallMicro, unsecured,
    };

    private static string Y(long fen) => new Domain.Money.Money(fen).ToString();

    /// <summary>
    /// Key enterprises a 见贷即保 agreement takes (tax in 2022 at least the contribution threshold, a quota of at least
    /// 2,000,000.00; not demo enterprises), by id: <paramref name="take"/> of them after the first <paramref name="skip"/>.
    /// </summary>
    private Task<List<long>> BatchEligibleAsync(int skip, int take) =>
        app.WithDatabaseAsync(async db =>
        {
            var demo = await db.Organisations.Where(o => o.EnterpriseId != null).Select(o => o.EnterpriseId!.Value).ToListAsync();
            return await (from d in db.Determinations
                          join t in db.TaxRecords on d.EnterpriseId equals t.EnterpriseId
                          where d.AsOf == BusinessDate && d.IsKey && t.Year == 2022 && t.TaxPaidFen >= 1_000_000_00 && d.QuotaFen >= 2_000_000_00 && !demo.Contains(d.EnterpriseId)
                          orderby d.EnterpriseId
                          select d.EnterpriseId).Skip(skip).Take(take).ToListAsync();
        });

    [Fact]
    public async Task AGuarantee_GoesFromApplicationToRecovery_WithEveryAmountExactToTheFen()
    {
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        using var checker = await app.ClientAsync("guarantor-checker");
        using var fund = await app.ClientAsync("national-fund");
        using var provincial = await app.ClientAsync("provincial");
        using var regulator = await app.ClientAsync("regulator");
        var (enterprise, _, _) = await KeyEnterpriseAsync(0);

        var g = await (await bank.PostJsonAsync("/api/v1/guarantees", await ApplicationAsync(enterprise, "100000.00"))).ExpectAsync(HttpStatusCode.Created);
        var id = g.GetProperty("id").GetInt64();
        Assert.Equal("Applied", g.GetProperty("status").GetString());
        Assert.Contains(g.GetProperty("checks").EnumerateArray(), c => c.GetProperty("check").GetString() == "quota" && c.GetProperty("clause").GetString() == "三(二)");

        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "资料齐全" })).ExpectAsync(HttpStatusCode.OK);
        var approved = await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true, note = "同意" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/letter", new { })).ExpectAsync(HttpStatusCode.OK);

        var pdf = await bank.GetAsync($"/api/v1/guarantees/{id}/letter.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        using (var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync()))
        {
            var text = string.Concat(document.GetPages().Select(p => p.Text));
            Assert.Contains("担", text, StringComparison.Ordinal);
            Assert.Contains(g.GetProperty("number").GetString()!, text, StringComparison.Ordinal);
            Assert.Contains("100000.00", text, StringComparison.Ordinal);
        }

        foreach (var outside in new[] { "2023-06-30", "2024-07-02" })
        {
            var early = await (await bank.PostJsonAsync("/api/v1/loans", new
            {
                reference = $"L-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = "100000.00", annualRate = 0.04, termMonths = 12, disbursedOn = outside, guaranteeId = id,
            })).ExpectProblemAsync((HttpStatusCode)422);
            Assert.Equal("LOAN_MISMATCH", early.GetProperty("code").GetString());
        }

        var loan = await (await bank.PostJsonAsync("/api/v1/loans", new
        {
            reference = $"L-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = "100000.00", annualRate = 0.04, termMonths = 12, disbursedOn = "2023-07-01", guaranteeId = id,
        })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(id, loan.GetProperty("guaranteeId").GetInt64());
        var loanId = loan.GetProperty("id").GetInt64();
        var listed = (await (await bank.GetAsync("/api/v1/loans")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray().Single(l => l.GetProperty("id").GetInt64() == loanId);
        Assert.Equal(id, listed.GetProperty("guaranteeId").GetInt64());
        var fetched = await (await bank.GetAsync($"/api/v1/loans/{loanId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(g.GetProperty("number").GetString(), fetched.GetProperty("guaranteeNumber").GetString());

        await (await bank.PostJsonAsync($"/api/v1/guarantees/{id}/repayments", new { amount = "40000.00" })).ExpectAsync(HttpStatusCode.OK);
        await (await bank.PostJsonAsync($"/api/v1/guarantees/{id}/default", new { })).ExpectAsync(HttpStatusCode.OK);
        var shares = await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/compensation", new { })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("24000.00", "12000.00", "12000.00", "12000.00"),
            (shares.GetProperty("guarantor").GetString(), shares.GetProperty("nationalFund").GetString(), shares.GetProperty("provincialReguarantee").GetString(), shares.GetProperty("bank").GetString()));
        await (await fund.PostJsonAsync($"/api/v1/guarantees/{id}/reguarantee/confirm", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await provincial.PostJsonAsync($"/api/v1/guarantees/{id}/reguarantee/confirm", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await fund.PostJsonAsync($"/api/v1/guarantees/{id}/reguarantee/confirm", new { })).ExpectProblemAsync(HttpStatusCode.Conflict);
        var recovery = await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/recoveries", new { amount = "10000.03" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("4000.01", "2000.01", "2000.01", "2000.00"),
            (recovery.GetProperty("guarantor").GetString(), recovery.GetProperty("nationalFund").GetString(), recovery.GetProperty("provincialReguarantee").GetString(), recovery.GetProperty("bank").GetString()));
        Assert.Equal("Recovering", recovery.GetProperty("guarantee").GetProperty("status").GetString());

        // Each party's legs of this guarantee, rebuilt from its postings.
        var detail = await (await bank.GetAsync($"/api/v1/guarantees/{id}")).ExpectAsync(HttpStatusCode.OK);
        var bankLegs = detail.GetProperty("ledger").EnumerateArray().SelectMany(e => e.GetProperty("legs").EnumerateArray())
            .GroupBy(l => l.GetProperty("account").GetString()!).ToDictionary(x => x.Key, x => x.Sum(l => Domain.Money.Money.Parse(l.GetProperty("amount").GetString()!).Fen));
        Assert.Equal(4_800_000 + 200_000, bankLegs["Cash"]); // 代偿 48,000.00 + its recovery share 2,000.00
        var fundDetail = await (await fund.GetAsync($"/api/v1/guarantees/{id}")).ExpectAsync(HttpStatusCode.OK);
        var fundCash = fundDetail.GetProperty("ledger").EnumerateArray().SelectMany(e => e.GetProperty("legs").EnumerateArray())
            .Where(l => l.GetProperty("account").GetString() == "Cash").Sum(l => Domain.Money.Money.Parse(l.GetProperty("amount").GetString()!).Fen);
        Assert.Equal(-1_200_000 + 200_001, fundCash); // paid 12,000.00, received 2,000.01

        var statement = await (await regulator.GetAsync("/api/v1/ledger/statement")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("0.00", statement.GetProperty("trialBalance").GetString());
        var xlsx = await bank.GetAsync("/api/v1/ledger/statement.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.True((await xlsx.Content.ReadAsByteArrayAsync()).Length > 1000);
    }

    [Fact]
    public async Task TheReviewer_CannotAlsoApprove()
    {
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        var (enterprise, _, _) = await KeyEnterpriseAsync(1);
        var g = await (await bank.PostJsonAsync("/api/v1/guarantees", await ApplicationAsync(enterprise, "1000.00"))).ExpectAsync(HttpStatusCode.Created);
        var id = g.GetProperty("id").GetInt64();
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnAmountAboveTheQuota_IsRefusedWithItsRuleAndClause()
    {
        using var bank = await app.ClientAsync("bank1");
        var (enterprise, quota, _) = await KeyEnterpriseAsync(2);
        var problem = await (await bank.PostJsonAsync("/api/v1/guarantees", await ApplicationAsync(enterprise, Y(quota + 1)))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("QUOTA_EXCEEDED", problem.GetProperty("code").GetString());
        Assert.Contains("三(二)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALiabilityToARelatedGroupAbove15PercentOfNetAssets_IsRefused_AndOnlyWithinTheGroup()
    {
        // GUAR-HZ: net assets ¥5,000,000,000 — 10 % a borrower (¥500M), 15 % with its related parties (¥750M). Secured
        // guarantees, so no quota is involved: only concentration.
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        using var checker = await app.ClientAsync("guarantor-checker");
        var group = $"REL-{Guid.NewGuid():N}";
        var (first, _, _) = await KeyEnterpriseAsync(40);
        var (second, _, _) = await KeyEnterpriseAsync(41);
        async Task<object> Secured(long enterprise, string amount, string relatedGroup) => new
        {
            enterpriseId = enterprise, bankId = await app.OrganisationIdAsync("BANK-1"), guarantorId = await app.OrganisationIdAsync("GUAR-HZ"),
            amount, feeRate = 0.008m, startDate = "2023-07-01", endDate = "2024-07-01", unsecured = false, relatedGroup,
        };

        var approved = await (await bank.PostJsonAsync("/api/v1/guarantees", await Secured(first, "400000000.00", group))).ExpectAsync(HttpStatusCode.Created);
        var id = approved.GetProperty("id").GetInt64();
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
        await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })).ExpectAsync(HttpStatusCode.OK);

        // ¥400M to another member of the group: ¥800M with the related party, over ¥750M.
        var refused = await (await bank.PostJsonAsync("/api/v1/guarantees", await Secured(second, "400000000.00", group))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("RELATED_PARTY_LIMIT", refused.GetProperty("code").GetString());
        Assert.Contains("三(一)", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The same amount outside the group is within the borrower's 10 %; ¥300M inside it stays within the 15 % and is approved.
        await (await bank.PostJsonAsync("/api/v1/guarantees", await Secured(second, "400000000.00", ""))).ExpectAsync(HttpStatusCode.Created);
        var within = await (await bank.PostJsonAsync("/api/v1/guarantees", await Secured(second, "300000000.00", group))).ExpectAsync(HttpStatusCode.Created);
        var withinId = within.GetProperty("id").GetInt64();
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{withinId}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
        await (await checker.PostJsonAsync($"/api/v1/guarantees/{withinId}/decision", new { approve = true })).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>A secured application (no quota involved, only concentration) to GUAR-HZ through bank 1.</summary>
    private async Task<object> SecuredAsync(long enterprise, string amount, string relatedGroup = "") => new
    {
        enterpriseId = enterprise, bankId = await app.OrganisationIdAsync("BANK-1"), guarantorId = await app.OrganisationIdAsync("GUAR-HZ"),
        amount, feeRate = 0.008m, startDate = "2023-07-01", endDate = "2024-07-01", unsecured = false, relatedGroup,
    };

    /// <summary>Applies and reviews each, then decides them all at once; returns the decisions' status codes.</summary>
    private async Task<HttpStatusCode[]> DecideConcurrentlyAsync(IEnumerable<object> applications)
    {
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        var ids = new List<long>();
        foreach (var a in applications)
        {
            var g = await (await bank.PostJsonAsync("/api/v1/guarantees", a)).ExpectAsync(HttpStatusCode.Created);
            ids.Add(g.GetProperty("id").GetInt64());
            await (await maker.PostJsonAsync($"/api/v1/guarantees/{ids[^1]}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
        }

        var checkers = await Task.WhenAll(ids.Select(_ => app.ClientAsync("guarantor-checker")));
        var responses = await Task.WhenAll(ids.Select((id, i) => checkers[i].PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })));
        foreach (var c in checkers)
        {
            c.Dispose();
        }

        return [.. responses.Select(r => r.StatusCode)];
    }

    private Task<long> LiveLiabilityAsync(IEnumerable<long> enterprises) => app.WithDatabaseAsync(async db =>
    {
        var guarantor = await app.OrganisationIdAsync("GUAR-HZ");
        return await db.Guarantees.Where(x => x.GuarantorId == guarantor && enterprises.Contains(x.EnterpriseId) && (x.Status == GuaranteeStatus.Approved
            || x.Status == GuaranteeStatus.LetterIssued || x.Status == GuaranteeStatus.InForce || x.Status == GuaranteeStatus.Defaulted)).SumAsync(x => (long?)x.OutstandingFen) ?? 0;
    });

    [Fact]
    public async Task ConcurrentApprovals_NeverTakeABorrowerOrItsGroupPastTheirLimits()
    {
        // GUAR-HZ's net assets ¥5,000,000,000: ¥500M to one borrower (10 %), ¥750M with its related parties (15 %). Each
        // application passes its checks alone; only two of four fit together, so the re-checks at commit decide.
        var (borrower, _, _) = await KeyEnterpriseAsync(50);
        var alone = await DecideConcurrentlyAsync(await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SecuredAsync(borrower, "200000000.00"))));
        Assert.Equal(2, alone.Count(s => s == HttpStatusCode.OK));
        Assert.All(alone, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict, s.ToString()));
        Assert.Equal(400_000_000_00, await LiveLiabilityAsync([borrower]));

        // Four members of one related group, ¥300M each: two fit within ¥750M, a third would not.
        var group = $"REL-{Guid.NewGuid():N}";
        var members = await Task.WhenAll(Enumerable.Range(51, 4).Select(i => KeyEnterpriseAsync(i)));
        var grouped = await DecideConcurrentlyAsync(await Task.WhenAll(members.Select(m => SecuredAsync(m.Id, "300000000.00", group))));
        Assert.Equal(2, grouped.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(600_000_000_00, await LiveLiabilityAsync(members.Select(m => m.Id)));
    }

    [Fact]
    public async Task ABatchLoan_NearTheBorrowersLimit_IsGuaranteed_WithoutCountingItselfTwice()
    {
        // ¥498M already guaranteed to the borrower; a 见贷即保 loan of ¥1.5M takes it to ¥499.5M, within the ¥500M (10 %).
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        using var checker = await app.ClientAsync("guarantor-checker");
        var enterprise = await app.WithDatabaseAsync(async db =>
        {
            var demo = await db.Organisations.Where(o => o.EnterpriseId != null).Select(o => o.EnterpriseId!.Value).ToListAsync();
            return await (from d in db.Determinations
                          join t in db.TaxRecords on d.EnterpriseId equals t.EnterpriseId
                          where d.AsOf == BusinessDate && d.IsKey && t.Year == 2022 && t.TaxPaidFen >= 1_000_000_00 && d.QuotaFen >= 2_000_000_00 && !demo.Contains(d.EnterpriseId)
                          orderby d.EnterpriseId descending // far from the key enterprises the other tests take from the lowest ids
                          select d.EnterpriseId).Skip(1).FirstAsync();
        });
        var existing = await (await bank.PostJsonAsync("/api/v1/guarantees", await SecuredAsync(enterprise, "498000000.00"))).ExpectAsync(HttpStatusCode.Created);
        var id = existing.GetProperty("id").GetInt64();
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
        await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })).ExpectAsync(HttpStatusCode.OK);
        await (await checker.PostJsonAsync("/api/v1/batch-agreements", new
        {
            bankId = await app.OrganisationIdAsync("BANK-1"), totalLimit = "50000000.00", feeRate = 0.005, validFrom = "2023-01-01", validTo = "2024-05-05",
        })).ExpectAsync(HttpStatusCode.Created);

        var loan = await (await bank.PostJsonAsync("/api/v1/loans", new
        {
            reference = $"BN-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = "1500000.00", annualRate = 0.035, termMonths = 12, disbursedOn = "2023-06-30",
        })).ExpectAsync(HttpStatusCode.Created);

        Assert.True(loan.GetProperty("guaranteeId").ValueKind == JsonValueKind.Number, loan.GetProperty("batchOutcome").ToString());
        Assert.Equal(499_500_000_00, await LiveLiabilityAsync([enterprise]));
    }

    [Fact]
    public async Task AFeeAboveTheCap_NeedsTheRegulatorsException()
    {
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        using var checker = await app.ClientAsync("guarantor-checker");
        using var regulator = await app.ClientAsync("regulator");
        var (enterprise, _, _) = await KeyEnterpriseAsync(3);
        var g = await (await bank.PostJsonAsync("/api/v1/guarantees", await ApplicationAsync(enterprise, "1000.00", feeRate: 0.012m))).ExpectAsync(HttpStatusCode.Created);
        var id = g.GetProperty("id").GetInt64();
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
        var refused = await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("FEE_ABOVE_CAP", refused.GetProperty("code").GetString());
        await (await regulator.PostJsonAsync($"/api/v1/guarantees/{id}/fee-exception", new { reason = "研发周期长，经批准" })).ExpectAsync(HttpStatusCode.OK);
        var approved = await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ConcurrentApprovals_NeverOverAllocateAQuota()
    {
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        var (enterprise, quota, _) = await KeyEnterpriseAsync(4);
        var amount = (quota / 3) + 1; // at most two fit
        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            var g = await (await bank.PostJsonAsync("/api/v1/guarantees", await ApplicationAsync(enterprise, Y(amount)))).ExpectAsync(HttpStatusCode.Created);
            var id = g.GetProperty("id").GetInt64();
            await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
            ids.Add(id);
        }

        var clients = await Task.WhenAll(ids.Select(_ => app.ClientAsync("guarantor-checker")));
        var responses = await Task.WhenAll(ids.Select((id, i) => clients[i].PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })));
        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.True(s is 200 or 422 or 409, $"unexpected {s}"));
        Assert.Equal(2, statuses.Count(s => s == 200));
        var reserved = await app.WithDatabaseAsync(db => db.QuotaReservations.Where(r => r.EnterpriseId == enterprise).Select(r => r.ReservedFen).SingleAsync());
        Assert.Equal(2 * amount, reserved);
        Assert.True(reserved <= quota);
        foreach (var c in clients)
        {
            c.Dispose();
        }
    }

    [Fact]
    public async Task ABatchAgreement_GuaranteesAnEligibleLoanAutomatically()
    {
        using var bank = await app.ClientAsync("bank1");
        using var checker = await app.ClientAsync("guarantor-checker");
        var (enterprise, _, lastYear) = await app.WithDatabaseAsync(async db =>
        {
            var demo = await db.Organisations.Where(o => o.EnterpriseId != null).Select(o => o.EnterpriseId!.Value).ToListAsync();
            var eligible = await (from d in db.Determinations
                                  join t in db.TaxRecords on d.EnterpriseId equals t.EnterpriseId
                                  where d.AsOf == BusinessDate && d.IsKey && t.Year == 2022 && t.TaxPaidFen >= 1_000_000_00 && d.QuotaFen >= 2_000_000_00 && !demo.Contains(d.EnterpriseId)
                                  orderby d.EnterpriseId descending
                                  select new { d.EnterpriseId, t.TaxPaidFen }).FirstAsync();
            return (eligible.EnterpriseId, 0L, eligible.TaxPaidFen);
        });
        Assert.True(lastYear >= 1_000_000_00);
        foreach (var bad in new object[]
                 {
                     new { bankId = await app.OrganisationIdAsync("BANK-1"), totalLimit = "50000000.00", feeRate = 1.5, validFrom = "2023-01-01", validTo = "2024-05-05" },
                     new { bankId = await app.OrganisationIdAsync("BANK-1"), totalLimit = "50000000.00", perLoanCeiling = "0.00", feeRate = 0.005, validFrom = "2023-01-01", validTo = "2024-05-05" },
                 })
        {
            var refused = await (await checker.PostJsonAsync("/api/v1/batch-agreements", bad)).ExpectProblemAsync((HttpStatusCode)422);
            Assert.Equal("BATCH_INVALID", refused.GetProperty("code").GetString());
        }

        var agreement = await (await checker.PostJsonAsync("/api/v1/batch-agreements", new
        {
            bankId = await app.OrganisationIdAsync("BANK-1"), totalLimit = "50000000.00", feeRate = 0.005, validFrom = "2023-01-01", validTo = "2024-05-05",
        })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("5000000.00", agreement.GetProperty("perLoanCeiling").GetString());

        var loan = await (await bank.PostJsonAsync("/api/v1/loans", new
        {
            reference = $"B-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = "1000000.00", annualRate = 0.035, termMonths = 12, disbursedOn = "2023-06-30",
        })).ExpectAsync(HttpStatusCode.Created);
        Assert.True(loan.GetProperty("guaranteeId").ValueKind == JsonValueKind.Number, loan.GetProperty("batchOutcome").ToString());
        var detail = await (await checker.GetAsync($"/api/v1/guarantees/{loan.GetProperty("guaranteeId").GetInt64()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("InForce", detail.GetProperty("summary").GetProperty("status").GetString());
        Assert.Matches(@"^B-2023-\d{6}$", detail.GetProperty("summary").GetProperty("number").GetString());

        var tooBig = await (await bank.PostJsonAsync("/api/v1/loans", new
        {
            reference = $"B-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = "5000000.01", annualRate = 0.035, termMonths = 12, disbursedOn = "2023-06-30",
        })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Null, tooBig.GetProperty("guaranteeId").ValueKind);
    }

    [Fact]
    public async Task ConcurrentLoansUnderABatchAgreement_NeverTakeItPastItsTotalLimit()
    {
        using var checker = await app.ClientAsync("guarantor-checker");
        var enterprise = (await BatchEligibleAsync(0, 1))[0];
        // Bank 2's own agreement (the other batch test uses bank 1's): room for one loan of 1,000,000.00, not two.
        var agreement = await (await checker.PostJsonAsync("/api/v1/batch-agreements", new
        {
            bankId = await app.OrganisationIdAsync("BANK-2"), totalLimit = "1500000.00", feeRate = 0.005, validFrom = "2023-01-01", validTo = "2024-05-05",
        })).ExpectAsync(HttpStatusCode.Created);

        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.ClientAsync("bank2")));
        var responses = await Task.WhenAll(clients.Select(c => c.PostJsonAsync("/api/v1/loans", new
        {
            reference = $"BL-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = "1000000.00", annualRate = 0.035, termMonths = 12, disbursedOn = "2023-06-30",
        })));

        var loans = new List<JsonElement>();
        foreach (var r in responses)
        {
            loans.Add(await r.ExpectAsync(HttpStatusCode.Created));
        }

        Assert.Single(loans, l => l.GetProperty("guaranteeId").ValueKind == JsonValueKind.Number);
        var used = await app.WithDatabaseAsync(db => db.BatchAgreements.Where(a => a.Id == agreement.GetProperty("id").GetInt64()).Select(a => a.UsedFen).SingleAsync());
        Assert.Equal(1_000_000_00, used);
        foreach (var c in clients)
        {
            c.Dispose();
        }
    }

    [Fact]
    public async Task ARecovery_AfterTheCompensationCapLeftTheLossToTheGuarantor_GoesBackToTheGuarantor()
    {
        using var checker = await app.ClientAsync("guarantor-checker");
        using var maker = await app.ClientAsync("guarantor");
        using var bank = await app.ClientAsync("bank2");
        using var regulator = await app.ClientAsync("regulator");
        var enterprise = (await BatchEligibleAsync(3, 1))[0];
        // A cap of 0 %: no room at all, so every 代偿 under it falls on the guarantor alone. Its limit is this one loan, so
        // it takes no other test's loan.
        await (await checker.PostJsonAsync("/api/v1/batch-agreements", new
        {
            bankId = await app.OrganisationIdAsync("BANK-2"), totalLimit = "600000.00", feeRate = 0.005, validFrom = "2023-01-01", validTo = "2024-05-05", compensationRateCap = 0,
        })).ExpectAsync(HttpStatusCode.Created);
        var loan = await (await bank.PostJsonAsync("/api/v1/loans", new
        {
            reference = $"CAP-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = "600000.00", annualRate = 0.035, termMonths = 12, disbursedOn = "2023-06-30",
        })).ExpectAsync(HttpStatusCode.Created);
        var id = loan.GetProperty("guaranteeId").GetInt64();

        await (await bank.PostJsonAsync($"/api/v1/guarantees/{id}/default", new { })).ExpectAsync(HttpStatusCode.OK);
        var shares = await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/compensation", new { })).ExpectAsync(HttpStatusCode.OK);
        Assert.True(shares.GetProperty("capApplied").GetBoolean());
        Assert.Equal(("600000.00", "0.00", "0.00", "0.00"),
            (shares.GetProperty("guarantor").GetString(), shares.GetProperty("nationalFund").GetString(), shares.GetProperty("provincialReguarantee").GetString(), shares.GetProperty("bank").GetString()));

        // The bank was paid the whole loss and bore none of it: it must not also take a fifth of what is recovered.
        var recovery = await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/recoveries", new { amount = "300000.00" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("300000.00", "0.00", "0.00", "0.00"),
            (recovery.GetProperty("guarantor").GetString(), recovery.GetProperty("nationalFund").GetString(), recovery.GetProperty("provincialReguarantee").GetString(), recovery.GetProperty("bank").GetString()));

        // The bank's statement as of the day before these postings has none of them; as of their day it has them all.
        var bank2 = await app.OrganisationIdAsync("BANK-2");
        var before = await (await regulator.GetAsync($"/api/v1/ledger/statement?party={bank2}&to=2023-06-29")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(before.GetProperty("lines").EnumerateArray());
        Assert.Empty(before.GetProperty("closing").EnumerateArray());
        var onTheDay = await (await regulator.GetAsync($"/api/v1/ledger/statement?party={bank2}&to=2023-06-30")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(onTheDay.GetProperty("closing").EnumerateArray(), b => b.GetProperty("account").GetString() == "CompensationReceived");
        await (await regulator.GetAsync($"/api/v1/ledger/statement?party={Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ConcurrentCompensations_UnderOneCappedAgreement_ShareNoMoreThanItsCapAllows()
    {
        using var checker = await app.ClientAsync("guarantor-checker");
        using var bank = await app.ClientAsync("bank2");
        var enterprises = await BatchEligibleAsync(4, 2);
        Assert.Equal(2, enterprises.Count);
        // Two loans of 600,000.00 issued this agreement year; a cap of 50 % leaves room to share 600,000.00 of losses: one
        // loss, not two. Its limit is these two loans, so it takes no other test's loan.
        await (await checker.PostJsonAsync("/api/v1/batch-agreements", new
        {
            bankId = await app.OrganisationIdAsync("BANK-2"), totalLimit = "1200000.00", feeRate = 0.005, validFrom = "2023-01-01", validTo = "2024-05-05", compensationRateCap = 0.5,
        })).ExpectAsync(HttpStatusCode.Created);
        var ids = new List<long>();
        foreach (var enterprise in enterprises)
        {
            var loan = await (await bank.PostJsonAsync("/api/v1/loans", new
            {
                reference = $"CC-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = "600000.00", annualRate = 0.035, termMonths = 12, disbursedOn = "2023-06-30",
            })).ExpectAsync(HttpStatusCode.Created);
            var id = loan.GetProperty("guaranteeId").GetInt64();
            await (await bank.PostJsonAsync($"/api/v1/guarantees/{id}/default", new { })).ExpectAsync(HttpStatusCode.OK);
            ids.Add(id);
        }

        var checkers = await Task.WhenAll(ids.Select(_ => app.ClientAsync("guarantor-checker")));
        var responses = await Task.WhenAll(ids.Select((id, i) => checkers[i].PostJsonAsync($"/api/v1/guarantees/{id}/compensation", new { })));
        var shares = new List<JsonElement>();
        foreach (var r in responses)
        {
            shares.Add(await r.ExpectAsync(HttpStatusCode.OK));
        }

        // Shared: 600,000.00 in all, of which the national fund bears 20 %; the other loss falls on the guarantor alone.
        Assert.Equal(120_000_00, shares.Sum(s => Domain.Money.Money.Parse(s.GetProperty("nationalFund").GetString()!).Fen));
        Assert.Single(shares, s => s.GetProperty("capApplied").GetBoolean());
        foreach (var c in checkers)
        {
            c.Dispose();
        }
    }

    [Fact]
    public async Task TheWeightedBook_GetsBackExactlyWhatAnApprovalReserved_WhenItIsRepaidInParts()
    {
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        using var checker = await app.ClientAsync("guarantor-checker");
        var (enterprise, _, _) = await KeyEnterpriseAsync(38);
        var guarantor = await app.OrganisationIdAsync("GUAR-HZ");
        Task<long> BookAsync() => app.WithDatabaseAsync(async db =>
            (await db.GuarantorBooks.Where(b => b.GuarantorId == guarantor).Select(b => (long?)b.WeightedLiabilityFen).SingleOrDefaultAsync() ?? 0)
            + (await db.GuarantorBookReleases.Where(r => r.GuarantorId == guarantor).SumAsync(r => (long?)r.WeightedFen) ?? 0));

        // The book counts the guarantor's liability (the bank's 20 % off, P4), and a small/micro borrower's weighs 75 %:
        // 1,000.04 is a liability of 800.03, which reserves 600.0225 → 600.02. Two repayments of 500.02 (a liability of
        // 400.02 each) weigh 300.015 → 300.02 on their own, 600.04 together: two 分 too many would leave the book.
        var before = await BookAsync();
        var id = (await (await bank.PostJsonAsync("/api/v1/guarantees", new
        {
            enterpriseId = enterprise, bankId = await app.OrganisationIdAsync("BANK-1"), guarantorId = guarantor, amount = "1000.04", feeRate = 0.008,
            startDate = "2023-07-01", endDate = "2024-07-01", smallMicroBorrower = true,
        })).ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
        await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(60002, await BookAsync() - before);
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/letter", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await bank.PostJsonAsync("/api/v1/loans", new { reference = $"W-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = "1000.04", annualRate = 0.04, termMonths = 12, disbursedOn = "2023-07-01", guaranteeId = id }))
            .ExpectAsync(HttpStatusCode.Created);

        await (await bank.PostJsonAsync($"/api/v1/guarantees/{id}/repayments", new { amount = "500.02" })).ExpectAsync(HttpStatusCode.OK);
        var released = await (await bank.PostJsonAsync($"/api/v1/guarantees/{id}/repayments", new { amount = "500.02" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Released", released.GetProperty("status").GetString());
        Assert.Equal(before, await BookAsync());
    }

    [Fact]
    public async Task ASmallMicroBorrowersGuarantees_Weigh75Percent_OnlyWhileItsBalanceWithTheGuarantorIsUnder5Million()
    {
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        using var checker = await app.ClientAsync("guarantor-checker");
        var (enterprise, _, _) = await KeyEnterpriseAsync(44);
        var guarantor = await app.OrganisationIdAsync("GUAR-HZ");
        Task<long> BookAsync() => app.WithDatabaseAsync(async db =>
            (await db.GuarantorBooks.Where(b => b.GuarantorId == guarantor).Select(b => (long?)b.WeightedLiabilityFen).SingleOrDefaultAsync() ?? 0)
            + (await db.GuarantorBookReleases.Where(r => r.GuarantorId == guarantor).SumAsync(r => (long?)r.WeightedFen) ?? 0));
        async Task<long> InForceAsync()
        {
            var id = (await (await bank.PostJsonAsync("/api/v1/guarantees", new
            {
                enterpriseId = enterprise, bankId = await app.OrganisationIdAsync("BANK-1"), guarantorId = guarantor, amount = "3000000.00", feeRate = 0.008,
                startDate = "2023-07-01", endDate = "2024-07-01", smallMicroBorrower = true, unsecured = false,
            })).ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
            await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
            await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })).ExpectAsync(HttpStatusCode.OK);
            await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/letter", new { })).ExpectAsync(HttpStatusCode.OK);
            await (await bank.PostJsonAsync("/api/v1/loans", new { reference = $"SM-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = "3000000.00", annualRate = 0.04, termMonths = 12, disbursedOn = "2023-07-01", guaranteeId = id }))
                .ExpectAsync(HttpStatusCode.Created);
            return id;
        }

        // Each guarantee is a liability of 2,400,000.00 (the bank's 20 % off). One: a balance of 3,000,000.00, 75 %.
        var before = await BookAsync();
        var first = await InForceAsync();
        Assert.Equal(1_800_000_00, await BookAsync() - before);

        // Two: a balance of 6,000,000.00, so both weigh 100 % — the first one is weighed again.
        var second = await InForceAsync();
        Assert.Equal(4_800_000_00, await BookAsync() - before);
        var part = await app.WithDatabaseAsync(db => db.GuarantorBorrowerBooks.Where(r => r.GuarantorId == guarantor && r.EnterpriseId == enterprise).SingleAsync());
        Assert.Equal((6_000_000_00L, 4_800_000_00L), (part.PrincipalFen, part.WeightedFen));

        // Repaid down to 4,000,000.00: under the limit again, both back to 75 % (2,400,000.00 + 800,000.00 of liability).
        await (await bank.PostJsonAsync($"/api/v1/guarantees/{second}/repayments", new { amount = "2000000.00" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2_400_000_00, await BookAsync() - before);
        await (await bank.PostJsonAsync($"/api/v1/guarantees/{second}/repayments", new { amount = "1000000.00" })).ExpectAsync(HttpStatusCode.OK);
        await (await bank.PostJsonAsync($"/api/v1/guarantees/{first}/repayments", new { amount = "3000000.00" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before, await BookAsync());
    }

    [Fact]
    public async Task ConcurrentRepaymentsOfOneBorrowersGuarantees_WeighThemOnTheBalanceBothLeave()
    {
        using var bank = await app.ClientAsync("bank1");
        var guarantor = await app.OrganisationIdAsync("GUAR-HZ");
        var before = (await BookAsync(guarantor)).Book;
        var ids = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            ids.Add(await InForceAsync(45, "3000000.00", smallMicro: true, unsecured: false));
        }

        Assert.Equal(4_800_000_00, (await BookAsync(guarantor)).Book - before); // 6,000,000.00 with the guarantor: 100 %

        // Each repays half at the same time: each alone would see the other's 3,000,000.00 and a balance of 4,500,000.00.
        var codes = await Task.WhenAll(ids.Select(async id =>
        {
            using var response = await bank.PostJsonAsync($"/api/v1/guarantees/{id}/repayments", new { amount = "1500000.00" });
            return response.StatusCode;
        }));
        Assert.All(codes, c => Assert.Equal(HttpStatusCode.OK, c));

        // 3,000,000.00 left: both weigh 75 %, 1,200,000.00 of liability each.
        Assert.Equal(1_800_000_00, (await BookAsync(guarantor)).Book - before);
        foreach (var id in ids)
        {
            await (await bank.PostJsonAsync($"/api/v1/guarantees/{id}/repayments", new { amount = "1500000.00" })).ExpectAsync(HttpStatusCode.OK);
        }

        Assert.Equal(before, (await BookAsync(guarantor)).Book);
    }

    [Fact]
    public async Task TheEvaluation_CountsTheAmountLent_NotTheAmountApproved()
    {
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        using var checker = await app.ClientAsync("guarantor-checker");
        using var regulator = await app.ClientAsync("regulator");
        var (enterprise, _, _) = await KeyEnterpriseAsync(39);
        var guarantor = await app.OrganisationIdAsync("GUAR-HZ");
        async Task<(long Volume, long Issued)> EvaluationAsync()
        {
            var e = await (await regulator.GetAsync("/api/v1/guarantors/evaluation?from=2023-01-01&to=2023-12-31")).ExpectAsync(HttpStatusCode.OK);
            var row = e.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("guarantorId").GetGuid() == guarantor);
            return (Domain.Money.Money.Parse(row.GetProperty("volume").GetString()!).Fen, Domain.Money.Money.Parse(e.GetProperty("target").GetProperty("issued").GetString()!).Fen);
        }

        var before = await EvaluationAsync();
        var id = (await (await bank.PostJsonAsync("/api/v1/guarantees", await ApplicationAsync(enterprise, "10000.00"))).ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
        await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })).ExpectAsync(HttpStatusCode.OK);
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/letter", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await bank.PostJsonAsync("/api/v1/loans", new { reference = $"E-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = "6000.00", annualRate = 0.04, termMonths = 12, disbursedOn = "2023-07-01", guaranteeId = id }))
            .ExpectAsync(HttpStatusCode.Created);

        var after = await EvaluationAsync();
        Assert.Equal(6000_00, after.Volume - before.Volume);
        Assert.Equal(6000_00, after.Issued - before.Issued);
    }

    [Fact]
    public async Task TheEvaluation_ReadsTheAmplificationOnThePeriodsLastDay()
    {
        using var bank = await app.ClientAsync("bank1");
        using var regulator = await app.ClientAsync("regulator");
        var guarantor = await app.OrganisationIdAsync("GUAR-HZ");
        var netAssets = await app.WithDatabaseAsync(db => db.Organisations.Where(o => o.Id == guarantor).Select(o => o.NetAssetsFen).SingleAsync());
        async Task<long> WeightedAsync(string to)
        {
            var e = await (await regulator.GetAsync($"/api/v1/guarantors/evaluation?from=2023-01-01&to={to}")).ExpectAsync(HttpStatusCode.OK);
            var row = e.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("guarantorId").GetGuid() == guarantor);
            var weighted = Domain.Money.Money.Parse(row.GetProperty("weightedLiability").GetString()!).Fen;
            Assert.Equal(Math.Round((decimal)weighted / netAssets, 4, MidpointRounding.AwayFromZero), row.GetProperty("amplification").GetDecimal());
            return weighted;
        }

        // Every guarantee of these tests comes into force on the business date, 2023-06-30.
        var (dayBefore, yearEnd) = (await WeightedAsync("2023-06-29"), await WeightedAsync("2023-12-31"));
        var id = await InForceAsync(42, "100000.00");
        Assert.Equal(dayBefore, await WeightedAsync("2023-06-29"));
        Assert.Equal(yearEnd + 80_000_00, await WeightedAsync("2023-12-31")); // its liability: 100,000.00 less the bank's 20 %
        await (await bank.PostJsonAsync($"/api/v1/guarantees/{id}/repayments", new { amount = "40000.00" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(yearEnd + 48_000_00, await WeightedAsync("2023-12-31"));
        await (await bank.PostJsonAsync($"/api/v1/guarantees/{id}/repayments", new { amount = "60000.00" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(yearEnd, await WeightedAsync("2023-12-31"));
    }

    [Fact]
    public async Task AnUpgradeToTheLiabilityBook_RebuildsEveryBookFromTheLiveGuarantees()
    {
        using var bank = await app.ClientAsync("bank1");
        var guarantor = await app.OrganisationIdAsync("GUAR-HZ");
        var id = await InForceAsync(43, "100000.00");
        await (await bank.PostJsonAsync($"/api/v1/guarantees/{id}/repayments", new { amount = "33333.33" })).ExpectAsync(HttpStatusCode.OK);

        // A database from before the LiabilityBook migration: no borrowers' parts, no principal on journal entries, and a
        // book that counted other figures (here: its row and a slot off).
        await app.WithDatabaseAsync(async db =>
        {
            await db.GuarantorBooks.Where(b => b.GuarantorId == guarantor).ExecuteUpdateAsync(u => u.SetProperty(b => b.WeightedLiabilityFen, b => b.WeightedLiabilityFen + 20_000_00));
            await db.GuarantorBookReleases.Where(r => r.GuarantorId == guarantor && r.Slot == 3).ExecuteUpdateAsync(u => u.SetProperty(r => r.WeightedFen, r => r.WeightedFen - 777));
            await db.Database.ExecuteSqlRawAsync("""DROP TABLE "GuarantorBorrowerBooks" """);
            await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "LedgerEntries" DROP COLUMN "PrincipalFen" """);
            return await db.Database.ExecuteSqlRawAsync("""DELETE FROM "__ef_migrations" WHERE "MigrationId" LIKE '%_LiabilityBook'""");
        });
        var (wrong, liability) = await BookAsync(guarantor);
        Assert.NotEqual(liability, wrong);

        await app.WithDatabaseAsync(async db =>
        {
            await StorageRegistration.MigrateAsync(db, app.Services.GetRequiredService<PolicyCatalog>());
            return 0;
        });

        var (book, live) = await BookAsync(guarantor);
        Assert.Equal(liability, live);
        Assert.Equal(live, book);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.GuarantorBookReleases.SumAsync(r => r.WeightedFen)));
    }

    [Fact]
    public async Task AStartAfterAnUpgradeThatStoppedBeforeItsRebuild_RebuildsTheBooks()
    {
        var guarantor = await app.OrganisationIdAsync("GUAR-HZ");
        _ = await InForceAsync(46, "100000.00");
        // The migration recorded as applied, but no borrower's part written and the book off: the rebuild never committed.
        await app.WithDatabaseAsync(async db =>
        {
            await db.GuarantorBooks.Where(b => b.GuarantorId == guarantor).ExecuteUpdateAsync(u => u.SetProperty(b => b.WeightedLiabilityFen, b => b.WeightedLiabilityFen + 12_345));
            return await db.GuarantorBorrowerBooks.ExecuteDeleteAsync();
        });
        var (wrong, liability) = await BookAsync(guarantor);
        Assert.NotEqual(liability, wrong);

        await app.WithDatabaseAsync(async db =>
        {
            await StorageRegistration.MigrateAsync(db, app.Services.GetRequiredService<PolicyCatalog>());
            return 0;
        });

        Assert.Equal(liability, (await BookAsync(guarantor)).Book);
        Assert.True(await app.WithDatabaseAsync(db => db.GuarantorBorrowerBooks.AnyAsync()));
    }

    [Fact]
    public async Task TheEvaluation_WeighsABalanceJustUnder5Million_AsTheBookDoes()
    {
        using var regulator = await app.ClientAsync("regulator");
        var guarantor = await app.OrganisationIdAsync("GUAR-HZ");
        async Task<long> EvaluationAsync()
        {
            var e = await (await regulator.GetAsync("/api/v1/guarantors/evaluation?from=2023-01-01&to=2023-12-31")).ExpectAsync(HttpStatusCode.OK);
            var row = e.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("guarantorId").GetGuid() == guarantor);
            return Domain.Money.Money.Parse(row.GetProperty("weightedLiability").GetString()!).Fen;
        }

        // 4,999,999.99 with the guarantor: both weigh 75 %. A principal worked back from each liability comes out a 分 high
        // for both (2,499,999.97 and 2,500,000.02 lose a 分 less to the bank), 5,000,000.01, and would weigh 100 %.
        var (book, evaluation) = ((await BookAsync(guarantor)).Book, await EvaluationAsync());
        var first = await InForceAsync(47, "2499999.97", smallMicro: true, unsecured: false);
        var second = await InForceAsync(47, "2500000.02", smallMicro: true, unsecured: false);
        var added = (await BookAsync(guarantor)).Book - book;
        Assert.Equal(3_000_000_01, added);
        Assert.Equal(added, await EvaluationAsync() - evaluation);

        // Repaid, for the tests that take every live guarantee of the guarantor to weigh 100 %.
        using var bank = await app.ClientAsync("bank1");
        await (await bank.PostJsonAsync($"/api/v1/guarantees/{first}/repayments", new { amount = "2499999.97" })).ExpectAsync(HttpStatusCode.OK);
        await (await bank.PostJsonAsync($"/api/v1/guarantees/{second}/repayments", new { amount = "2500000.02" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(book, (await BookAsync(guarantor)).Book);
        Assert.Equal(evaluation, await EvaluationAsync());
    }

    [Fact]
    public async Task RandomSequencesOfEvents_KeepTheLedgerBalanced_AndNoQuotaOverAllocated()
    {
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        using var checker = await app.ClientAsync("guarantor-checker");
        using var fund = await app.ClientAsync("national-fund");
        using var regulator = await app.ClientAsync("regulator");
        var random = new Random(20210506);
        for (var sample = 0; sample < 3; sample++)
        {
            var (enterprise, quota, _) = await KeyEnterpriseAsync(5 + sample);
            var live = new List<long>();
            for (var step = 0; step < 14; step++)
            {
                var action = random.Next(8);
                var id = live.Count > 0 ? live[random.Next(live.Count)] : 0;
                HttpResponseMessage response = action switch
                {
                    0 or 1 when live.Count < 4 => await bank.PostJsonAsync("/api/v1/guarantees", await ApplicationAsync(enterprise, Y(1 + random.NextInt64(quota / 2)))),
                    2 => await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "r" }),
                    3 => await checker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true }),
                    4 => await maker.PostJsonAsync($"/api/v1/guarantees/{id}/letter", new { }),
                    5 => await bank.PostJsonAsync("/api/v1/loans", new { reference = $"R-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = "1000.00", annualRate = 0.04, termMonths = 12, disbursedOn = "2023-07-01", guaranteeId = id }),
                    6 => random.Next(2) == 0
                        ? await bank.PostJsonAsync($"/api/v1/guarantees/{id}/repayments", new { amount = "100.01" })
                        : await bank.PostJsonAsync($"/api/v1/guarantees/{id}/default", new { }),
                    _ => random.Next(3) switch
                    {
                        0 => await checker.PostJsonAsync($"/api/v1/guarantees/{id}/compensation", new { }),
                        1 => await fund.PostJsonAsync($"/api/v1/guarantees/{id}/reguarantee/confirm", new { }),
                        _ => await checker.PostJsonAsync($"/api/v1/guarantees/{id}/undo-approval", new { note = "u" }),
                    },
                };
                var status = (int)response.StatusCode;
                Assert.True(status < 500, $"step {step} answered {status}: {await response.Content.ReadAsStringAsync()}");
                if (status == 201 && action is 0 or 1)
                {
                    live.Add((await response.JsonAsync()).GetProperty("id").GetInt64());
                }

                var trial = (await (await regulator.GetAsync("/api/v1/ledger/statement")).ExpectAsync(HttpStatusCode.OK)).GetProperty("trialBalance").GetString();
                Assert.Equal("0.00", trial);
                var (reserved, outstanding) = await app.WithDatabaseAsync(async db => (
                    await db.QuotaReservations.Where(r => r.EnterpriseId == enterprise).Select(r => (long?)r.ReservedFen).FirstOrDefaultAsync() ?? 0,
                    await db.Guarantees.Where(x => x.EnterpriseId == enterprise && x.Unsecured && (x.Status == GuaranteeStatus.Approved || x.Status == GuaranteeStatus.LetterIssued || x.Status == GuaranteeStatus.InForce))
                        .SumAsync(x => (long?)x.QuotaReservedFen) ?? 0));
                Assert.True(reserved <= quota, $"reserved {reserved} > quota {quota}");
                Assert.Equal(outstanding, reserved);

                // The guarantor's book (its row plus its released slots) is the P4 liability of its live guarantees (no
                // small/micro borrower here, so every weight is 100 %).
                var (book, liability) = await BookAsync(await app.OrganisationIdAsync("GUAR-HZ"));
                Assert.Equal(liability, book);
            }
        }
    }

    [Fact]
    public async Task ConcurrentApprovalsAndReleases_LeaveTheBookEqualToTheLiveLiability()
    {
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        using var checker = await app.ClientAsync("guarantor-checker");
        // Eight borrowers, two guarantees each: the first approved now, the second only reviewed.
        var approved = new List<long>();
        var reviewed = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            var (enterprise, quota, _) = await KeyEnterpriseAsync(20 + i);
            foreach (var list in new[] { approved, reviewed })
            {
                var g = await (await bank.PostJsonAsync("/api/v1/guarantees", await ApplicationAsync(enterprise, Y((quota / 4) + i)))).ExpectAsync(HttpStatusCode.Created);
                var id = g.GetProperty("id").GetInt64();
                await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
                list.Add(id);
            }
        }

        foreach (var id in approved)
        {
            await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })).ExpectAsync(HttpStatusCode.OK);
        }

        // All at once: every approval undone (releases, into the slots) while the others are approved (the book's row).
        var clients = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => app.ClientAsync("guarantor-checker")));
        var responses = await Task.WhenAll(approved.Select((id, i) => clients[i].PostJsonAsync($"/api/v1/guarantees/{id}/undo-approval", new { note = "undo" }))
            .Concat(reviewed.Select((id, i) => clients[8 + i].PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true }))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var (book, liability) = await BookAsync(await app.OrganisationIdAsync("GUAR-HZ"));
        Assert.Equal(liability, book);
        foreach (var c in clients)
        {
            c.Dispose();
        }
    }

    [Fact]
    public async Task AReleaseOnABookWithoutSlots_LowersTheBooksRow()
    {
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        using var checker = await app.ClientAsync("guarantor-checker");
        var guarantor = await app.OrganisationIdAsync("GUAR-HZ");
        var (enterprise, quota, _) = await KeyEnterpriseAsync(30);
        var g = await (await bank.PostJsonAsync("/api/v1/guarantees", await ApplicationAsync(enterprise, Y(quota / 2)))).ExpectAsync(HttpStatusCode.Created);
        var id = g.GetProperty("id").GetInt64();
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
        await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })).ExpectAsync(HttpStatusCode.OK);
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/letter", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await bank.PostJsonAsync("/api/v1/loans", new { reference = $"S-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = Y(quota / 2), annualRate = 0.04, termMonths = 12, disbursedOn = "2023-07-01", guaranteeId = id }))
            .ExpectAsync(HttpStatusCode.Created);
        // As a book written without its slots would be (by hand, or by an older version): the released amounts moved into the row.
        await app.WithDatabaseAsync(async db =>
        {
            var released = await db.GuarantorBookReleases.Where(r => r.GuarantorId == guarantor).SumAsync(r => (long?)r.WeightedFen) ?? 0;
            await db.GuarantorBooks.Where(b => b.GuarantorId == guarantor).ExecuteUpdateAsync(u => u.SetProperty(b => b.WeightedLiabilityFen, b => b.WeightedLiabilityFen + released));
            return await db.GuarantorBookReleases.Where(r => r.GuarantorId == guarantor).ExecuteDeleteAsync();
        });
        var (bookBefore, _) = await BookAsync(guarantor);

        await (await bank.PostJsonAsync($"/api/v1/guarantees/{id}/repayments", new { amount = "100.01" })).ExpectAsync(HttpStatusCode.OK);

        var (book, liability) = await BookAsync(guarantor);
        Assert.Equal(bookBefore - (Liability(quota / 2) - Liability((quota / 2) - 100_01)), book);
        Assert.Equal(liability, book);
        // The slots back (empty), as every book has them, for the other tests.
        await app.WithDatabaseAsync(async db =>
        {
            db.GuarantorBookReleases.AddRange(Enumerable.Range(0, GuarantorBookRelease.Slots).Select(i => new GuarantorBookRelease { GuarantorId = guarantor, Slot = i }));
            return await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task EveryStepOfALifecycle_IsInTheAuditLog_WithItsJournalLegsExactlyAsPosted_AndTheChainVerifies()
    {
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        using var checker = await app.ClientAsync("guarantor-checker");
        using var regulator = await app.ClientAsync("regulator");
        var (enterprise, _, _) = await KeyEnterpriseAsync(31);
        var g = await (await bank.PostJsonAsync("/api/v1/guarantees", await ApplicationAsync(enterprise, "50000.00"))).ExpectAsync(HttpStatusCode.Created);
        var id = g.GetProperty("id").GetInt64();
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
        await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })).ExpectAsync(HttpStatusCode.OK);
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/letter", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await bank.PostJsonAsync("/api/v1/loans", new { reference = $"A-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = "50000.00", annualRate = 0.04, termMonths = 12, disbursedOn = "2023-07-01", guaranteeId = id }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await bank.PostJsonAsync($"/api/v1/guarantees/{id}/repayments", new { amount = "20000.00" })).ExpectAsync(HttpStatusCode.OK);
        await (await bank.PostJsonAsync($"/api/v1/guarantees/{id}/default", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/compensation", new { })).ExpectAsync(HttpStatusCode.OK);

        var (entries, legs, audit) = await app.WithDatabaseAsync(async db =>
        {
            var entries = await db.LedgerEntries.IgnoreQueryFilters().AsNoTracking().Where(e => e.GuaranteeId == id).Select(e => e.Id).ToListAsync();
            var legs = await db.LedgerPostings.IgnoreQueryFilters().AsNoTracking().Where(p => entries.Contains(p.EntryId)).ToListAsync();
            // Keys per entity: on SQLite guarantees and journal entries number independently, so the same key can name both.
            var entryKeys = entries.Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var guaranteeKey = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var audit = await db.Audit.IgnoreQueryFilters().AsNoTracking()
                .Where(a => (a.Entity == "LedgerEntry" && entryKeys.Contains(a.EntityKey)) || (a.Entity == "Guarantee" && a.EntityKey == guaranteeKey)).ToListAsync();
            return (entries, legs, audit);
        });

        // The guarantee's insert and its seven steps (review, decision, letter, loan, repayment, default, 代偿); on SQLite
        // the key is the database's, so the application also updates its number once the key is known.
        var steps = app is PostgresApp ? 7 : 8;
        Assert.Equal(["insert", .. Enumerable.Repeat("update", steps)], audit.Where(a => a.Entity == "Guarantee").OrderBy(a => a.Id).Select(a => a.Action));
        // The fee, the repayment's release and the compensation each posted an entry; each entry's audit lists its legs as stored.
        Assert.True(entries.Count >= 2, $"{entries.Count} entries");
        Assert.True(legs.Count >= 2 * entries.Count, $"{legs.Count} legs");
        foreach (var entry in entries)
        {
            var inserted = Assert.Single(audit, a => a.Entity == "LedgerEntry" && a.EntityKey == entry.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("insert", inserted.Action);
            using var after = JsonDocument.Parse(inserted.After);
            var recorded = after.RootElement.GetProperty("Postings").EnumerateArray()
                .Select(l => (l.GetProperty("Id").GetInt64(), l.GetProperty("PartyId").GetGuid(), l.GetProperty("Purpose").GetInt32(), l.GetProperty("Fen").GetInt64())).Order().ToList();
            Assert.Equal(legs.Where(l => l.EntryId == entry).Select(l => (l.Id, l.PartyId, l.Purpose, l.Fen)).Order().ToList(), recorded);
            Assert.Equal(0, recorded.Sum(l => l.Item4));
        }

        var verified = await (await regulator.GetAsync("/api/v1/audit/verify")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(verified.GetProperty("intact").GetBoolean(), verified.ToString());
        var chained = await app.WithDatabaseAsync(db => db.Audit.IgnoreQueryFilters().AsNoTracking().Where(a => audit.Select(x => x.Id).Contains(a.Id)).ToListAsync());
        Assert.All(chained, a => Assert.Equal(AuditChain.ContentHashOf(a), a.ContentHash));
        Assert.All(chained, a => Assert.NotNull(a.Sequence));
    }

    [Fact]
    public async Task TheGuaranteeList_ShowsAGuaranteeOnlyToItsParties_TheRegulatorAndTheReguarantors()
    {
        using var bank = await app.ClientAsync("bank1");
        var (enterprise, _, _) = await KeyEnterpriseAsync(37);
        var id = (await (await bank.PostJsonAsync("/api/v1/guarantees", await ApplicationAsync(enterprise, "1000.00"))).ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var bank1Id = await app.OrganisationIdAsync("BANK-1");

        foreach (var (user, sees) in new[]
        {
            ("bank1", true), ("guarantor", true), ("regulator", true), ("national-fund", true), ("provincial", true),
            ("bank2", false), ("guarantor-county", false), ("enterprise1", false),
        })
        {
            using var client = await app.ClientAsync(user);
            var list = await (await client.GetAsync("/api/v1/guarantees")).ExpectAsync(HttpStatusCode.OK);
            var ids = list.EnumerateArray().Select(x => x.GetProperty("id").GetInt64()).ToList();
            Assert.True(ids.Contains(id) == sees, $"{user} {(sees ? "does not see" : "sees")} guarantee {id} in the list");
            if (user == "bank2")
            {
                Assert.DoesNotContain(list.EnumerateArray(), x => x.GetProperty("bankId").GetGuid() == bank1Id);
            }
        }
    }

    [Theory]
    [InlineData("Bogus")]
    [InlineData("7")]
    public async Task TheGuaranteeList_RefusesAnUnknownStatus_NamingTheParameter(string status)
    {
        using var bank = await app.ClientAsync("bank1");
        var problem = await (await bank.GetAsync($"/api/v1/guarantees?status={status}")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("status", problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));

        var applied = await (await bank.GetAsync("/api/v1/guarantees?status=applied")).ExpectAsync(HttpStatusCode.OK);
        Assert.All(applied.EnumerateArray(), g => Assert.Equal("Applied", g.GetProperty("status").GetString()));
    }

    /// <summary>A guarantee of <paramref name="amount"/> taken to in force (applied, reviewed, approved, letter, loan) for the <paramref name="index"/>-th key enterprise.</summary>
    private async Task<long> InForceAsync(int index, string amount, bool smallMicro = false, bool unsecured = true)
    {
        using var bank = await app.ClientAsync("bank1");
        using var maker = await app.ClientAsync("guarantor");
        using var checker = await app.ClientAsync("guarantor-checker");
        var (enterprise, _, _) = await KeyEnterpriseAsync(index);
        var id = (await (await bank.PostJsonAsync("/api/v1/guarantees", await ApplicationAsync(enterprise, amount, smallMicro: smallMicro, unsecured: unsecured)))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/review", new { note = "ok" })).ExpectAsync(HttpStatusCode.OK);
        await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/decision", new { approve = true })).ExpectAsync(HttpStatusCode.OK);
        await (await maker.PostJsonAsync($"/api/v1/guarantees/{id}/letter", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await bank.PostJsonAsync("/api/v1/loans", new { reference = $"C-{Guid.NewGuid():N}", enterpriseId = enterprise, principal = amount, annualRate = 0.04, termMonths = 12, disbursedOn = "2023-07-01", guaranteeId = id }))
            .ExpectAsync(HttpStatusCode.Created);
        return id;
    }

    private Task<int> EntriesAsync(long guarantee, string eventType) =>
        app.WithDatabaseAsync(db => db.LedgerEntries.IgnoreQueryFilters().CountAsync(e => e.GuaranteeId == guarantee && e.EventType == eventType));

    [Fact]
    public async Task ConcurrentRepayments_NeverRepayMoreThanIsOutstanding_AndEachPostsOneRelease()
    {
        var id = await InForceAsync(35, "100000.00");
        var banks = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.ClientAsync("bank1")));
        var responses = await Task.WhenAll(banks.Select(b => b.PostJsonAsync($"/api/v1/guarantees/{id}/repayments", new { amount = "40000.00" })));
        var codes = responses.Select(r => r.StatusCode).ToList();
        foreach (var b in banks)
        {
            b.Dispose();
        }

        // Two fit in the 100,000.00 outstanding; every later one finds 20,000.00 left and is refused by name.
        Assert.Equal(2, codes.Count(c => c == HttpStatusCode.OK));
        Assert.Equal(4, codes.Count(c => c == (HttpStatusCode)422));
        var (outstanding, loanOutstanding) = await app.WithDatabaseAsync(async db =>
        {
            var g = await db.Guarantees.IgnoreQueryFilters().AsNoTracking().SingleAsync(x => x.Id == id);
            return (g.OutstandingFen, await db.Loans.IgnoreQueryFilters().Where(l => l.Id == g.LoanId).Select(l => l.OutstandingFen).SingleAsync());
        });
        Assert.Equal((2_000_000L, 2_000_000L), (outstanding, loanOutstanding));
        Assert.Equal(2, await EntriesAsync(id, "GUARANTEE_RELEASED"));
    }

    [Fact]
    public async Task ConcurrentConfirmations_ByOneReguarantor_PayItsShareOnce()
    {
        var id = await InForceAsync(36, "100000.00");
        using (var bank = await app.ClientAsync("bank1"))
        using (var checker = await app.ClientAsync("guarantor-checker"))
        {
            await (await bank.PostJsonAsync($"/api/v1/guarantees/{id}/default", new { })).ExpectAsync(HttpStatusCode.OK);
            await (await checker.PostJsonAsync($"/api/v1/guarantees/{id}/compensation", new { })).ExpectAsync(HttpStatusCode.OK);
        }

        var funds = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.ClientAsync("national-fund")));
        var responses = await Task.WhenAll(funds.Select(f => f.PostJsonAsync($"/api/v1/guarantees/{id}/reguarantee/confirm", new { })));
        var codes = responses.Select(r => r.StatusCode).ToList();
        foreach (var f in funds)
        {
            f.Dispose();
        }

        Assert.Equal(1, codes.Count(c => c == HttpStatusCode.OK));
        Assert.Equal(5, codes.Count(c => c == HttpStatusCode.Conflict));
        Assert.Equal(1, await EntriesAsync(id, "REGUARANTEE_SETTLED"));
    }

    /// <summary>The guarantor's liability on <paramref name="principalFen"/> under 4:2:2:2 (P4): the principal less the bank's share.</summary>
    private long Liability(long principalFen)
    {
        var (version, within) = app.Services.GetRequiredService<PolicyCatalog>().Governing(BusinessDate);
        return RiskSharingRule.Split(new Domain.Money.Money(principalFen), version, within).GuarantorPaysBank.Fen;
    }

    /// <summary>
    /// The guarantor's book (its row and its release slots) and the liability of its live guarantees as P4 reads it:
    /// each one's principal outstanding less the bank's share of it under 4:2:2:2.
    /// </summary>
    private Task<(long Book, long Liability)> BookAsync(Guid guarantor) => app.WithDatabaseAsync(async db =>
    {
        var outstanding = await db.Guarantees.Where(x => x.GuarantorId == guarantor && (x.Status == GuaranteeStatus.Approved || x.Status == GuaranteeStatus.LetterIssued
            || x.Status == GuaranteeStatus.InForce || x.Status == GuaranteeStatus.Defaulted)).Select(x => x.OutstandingFen).ToListAsync();
        return (
            (await db.GuarantorBooks.Where(b => b.GuarantorId == guarantor).Select(b => (long?)b.WeightedLiabilityFen).FirstOrDefaultAsync() ?? 0)
                + (await db.GuarantorBookReleases.Where(r => r.GuarantorId == guarantor).SumAsync(r => (long?)r.WeightedFen) ?? 0),
            outstanding.Sum(Liability));
    });
}

public sealed class SqliteGuaranteeTests(SqliteApp app) : GuaranteeTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresGuaranteeTests(PostgresApp app) : GuaranteeTests(app), IClassFixture<PostgresApp>;
