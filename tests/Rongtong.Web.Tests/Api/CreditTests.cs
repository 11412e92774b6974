using System.Net.Http.Json;
using System.Net;
using Rongtong.Web.Tests.Infrastructure;

namespace Rongtong.Web.Tests.Api;

/// <summary>
/// Credit (二) through the API: a demand pushed by the batch engine, claimed, granted and disbursed as the
/// one loan record; the credit profile a bank sees only under consent; the funnel.
/// </summary>
public abstract class CreditTests(RongtongApp app)
{
    [Fact]
    public async Task ADemand_GoesFromPostingToDisbursement_AndTheFunnelCountsIt()
    {
        using var enterprise = await app.ClientAsync("enterprise1");
        using var regulator = await app.ClientAsync("regulator");
        using var posted = await enterprise.PostJsonAsync("/api/v1/credit/demands", new { amount = "2000000.00", termMonths = 24, unsecured = true, purpose = "研发投入" });
        var demand = await posted.ExpectAsync(HttpStatusCode.Created);
        Assert.True(demand.GetProperty("keyEnterprise").GetBoolean());
        var located = await (await enterprise.GetAsync(posted.Headers.Location)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((demand.GetProperty("id").GetInt64(), "2000000.00"), (located.GetProperty("id").GetInt64(), located.GetProperty("amount").GetString()));
        var run = await (await regulator.PostJsonAsync("/api/v1/credit/push/run", new { })).ExpectAsync(HttpStatusCode.OK);
        Assert.True(run.GetProperty("reached").GetInt32() >= run.GetProperty("greedyReached").GetInt32());

        var mine = await (await enterprise.GetAsync("/api/v1/credit/pushes")).ExpectAsync(HttpStatusCode.OK);
        var push = mine.EnumerateArray().First(p => p.GetProperty("demandId").GetInt64() == demand.GetProperty("id").GetInt64());
        Assert.Contains("amount", push.GetProperty("fitJson").GetString(), StringComparison.Ordinal); // why this bank
        var bankCode = push.GetProperty("bankId").GetGuid() == await app.OrganisationIdAsync("BANK-1") ? "bank1" : "bank2";
        var other = bankCode == "bank1" ? "bank2" : "bank1";
        using var bank = await app.ClientAsync(bankCode);
        using var otherBank = await app.ClientAsync(other);
        var id = push.GetProperty("id").GetInt64();

        await (await otherBank.PostJsonAsync($"/api/v1/credit/pushes/{id}/claim", new { })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await bank.PostJsonAsync($"/api/v1/credit/pushes/{id}/grant", new { })).ExpectProblemAsync(HttpStatusCode.Conflict); // claim first
        await (await bank.PostJsonAsync($"/api/v1/credit/pushes/{id}/claim", new { note = "受理" })).ExpectAsync(HttpStatusCode.OK);
        await (await bank.PostJsonAsync($"/api/v1/credit/pushes/{id}/grant", new { note = "授信" })).ExpectAsync(HttpStatusCode.OK);
        var loan = await (await bank.PostJsonAsync("/api/v1/loans", new
        {
            reference = $"P-{Guid.NewGuid():N}", enterpriseId = await app.EnterpriseIdAsync("ENT-1"), principal = "2000000.00", annualRate = 0.038, termMonths = 24,
            disbursedOn = "2023-06-30", pushId = id,
        })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("2000000.00", loan.GetProperty("principal").GetString());
        await (await bank.PostJsonAsync("/api/v1/loans", new
        {
            reference = $"P-{Guid.NewGuid():N}", enterpriseId = await app.EnterpriseIdAsync("ENT-1"), principal = "2000000.00", annualRate = 0.038, termMonths = 24,
            disbursedOn = "2023-06-30", pushId = id,
        })).ExpectProblemAsync(HttpStatusCode.Conflict); // one granted push is one loan

        var demands = await (await enterprise.GetAsync("/api/v1/credit/demands")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("disbursed", demands.EnumerateArray().Single(d => d.GetProperty("id").GetInt64() == demand.GetProperty("id").GetInt64()).GetProperty("state").GetString());
        var funnel = await (await regulator.GetAsync("/api/v1/credit/funnel")).ExpectAsync(HttpStatusCode.OK);
        var stages = funnel.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("count").GetInt32());
        Assert.True(stages["disbursed"] >= 1 && stages["granted"] >= stages["disbursed"] && stages["pushed"] >= stages["claimed"] && stages["posted"] >= stages["pushed"]);
    }

    [Fact]
    public async Task TheRegulator_ImportsThePlatformsDemandFeed_NamingEveryBadRow()
    {
        using var regulator = await app.ClientAsync("regulator");
        var uscc = await app.WithDatabaseAsync(async db =>
        {
            var id = await app.EnterpriseIdAsync("ENT-2");
            return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Enterprises.Where(e => e.Id == id).Select(e => e.Uscc));
        });
        var csv = "uscc,amount,term_months,unsecured,purpose\n" +
                  $"{uscc},1500000.00,12,true,设备更新\n" +        // line 2 ok
                  $"{Http.BadUscc()},100.00,12,true,x\n" +          // line 3 bad check character
                  $"{uscc},abc,0,maybe,x\n" +                       // line 4 three bad fields
                  $"{Http.NewUscc()},100.00,12,false,x\n" +         // line 5 not in the registry
                  $"\"{uscc}\",\"300000.00\",\"36\",\"false\",\"流动资金, 周转\"\n" + // line 6 ok, quoted
                  $"{uscc},100000.00,12,true,{new string('用', 2001)}\n" + // line 7 purpose too long
                  $"{uscc},92233720368547759.99,12,true,x\n";      // line 8 amount past 13 digits of yuan
        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        var result = await (await regulator.PostAsync("/api/v1/credit/demands/import?fileName=feed.csv", content)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(7, result.GetProperty("rows").GetInt32());
        Assert.Equal(2, result.GetProperty("imported").GetInt32());
        var errors = result.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Equal([(3, "uscc"), (4, "amount"), (4, "term_months"), (4, "unsecured"), (5, "uscc"), (7, "purpose"), (8, "amount")], errors);

        using var missing = new StringContent("uscc,amount\n", System.Text.Encoding.UTF8, "text/csv");
        await (await regulator.PostAsync("/api/v1/credit/demands/import?fileName=feed.csv", missing)).ExpectProblemAsync(HttpStatusCode.BadRequest, "file");
        using var enterprise = await app.ClientAsync("enterprise2");
        using var again = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.PostAsync("/api/v1/credit/demands/import?fileName=feed.csv", again)).StatusCode);
    }

    [Fact]
    public async Task ABank_SeesAnEnterprisesLoansFromOtherBanks_OnlyUnderAConsentForLoans()
    {
        using var owner = await app.ClientAsync("enterprise2");
        using var bank1 = await app.ClientAsync("bank1");
        using var bank2 = await app.ClientAsync("bank2");
        var enterprise = await app.EnterpriseIdAsync("ENT-2");
        var reference = $"V-{Guid.NewGuid():N}";
        await (await bank1.PostJsonAsync("/api/v1/loans", new { reference, enterpriseId = enterprise, principal = "300000.00", annualRate = 0.04, termMonths = 12, disbursedOn = "2023-06-30" }))
            .ExpectAsync(HttpStatusCode.Created);
        var bank2Id = await app.OrganisationIdAsync("BANK-2");

        var registryOnly = await (await owner.PostJsonAsync("/api/v1/consents", new { granteeOrganisationId = bank2Id, scope = new[] { "registry" }, purpose = "开户", validUntil = "2023-12-31" }))
            .ExpectAsync(HttpStatusCode.Created);
        var profile = await (await bank2.GetAsync($"/api/v1/enterprises/{enterprise}")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(profile.GetProperty("loans").EnumerateArray(), l => l.GetProperty("reference").GetString() == reference);

        var loans = await (await owner.PostJsonAsync("/api/v1/consents", new { granteeOrganisationId = bank2Id, scope = new[] { "registry", "loans" }, purpose = "授信审查", validUntil = "2023-12-31" }))
            .ExpectAsync(HttpStatusCode.Created);
        profile = await (await bank2.GetAsync($"/api/v1/enterprises/{enterprise}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(profile.GetProperty("loans").EnumerateArray(), l => l.GetProperty("reference").GetString() == reference);

        await (await owner.PostJsonAsync($"/api/v1/consents/{loans.GetProperty("id").GetInt64()}/revoke", new { })).ExpectAsync(HttpStatusCode.NoContent);
        await (await owner.PostJsonAsync($"/api/v1/consents/{registryOnly.GetProperty("id").GetInt64()}/revoke", new { })).ExpectAsync(HttpStatusCode.NoContent);
        var all = await (await bank2.GetAsync("/api/v1/loans")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(all.EnumerateArray(), l => l.GetProperty("reference").GetString() == reference);
        await (await bank2.GetAsync($"/api/v1/enterprises/{enterprise}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var accesses = await (await owner.GetAsync("/api/v1/consents/accesses")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(accesses.GetArrayLength() >= 2); // both reads under consent were logged for the enterprise
    }
}

/// <summary>Two banks ending a demand's last two live pushes at once: on a factory of its own, so its push run reaches only its demand.</summary>
public abstract class PushRaceTests(RongtongApp app)
{
    [Fact]
    public async Task TwoBanksDecliningADemandsLastLivePushesAtOnce_ReopenTheDemand()
    {
        using var enterprise = await app.ClientAsync("enterprise1");
        using var regulator = await app.ClientAsync("regulator");
        // The demo's demands take the banks' pushes of the first day; on the next business day this demand is the only
        // open one, so it goes to both banks (both offer 首贷通 for it).
        await (await regulator.PostJsonAsync("/api/v1/credit/push/run", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await regulator.PutAsJsonAsync("/api/v1/business-date", new { businessDate = "2023-07-03" })).ExpectAsync(HttpStatusCode.OK);
        var demand = await (await enterprise.PostJsonAsync("/api/v1/credit/demands", new { amount = "1000000.00", termMonths = 12, unsecured = true, purpose = "并发拒绝" }))
            .ExpectAsync(HttpStatusCode.Created);
        var demandId = demand.GetProperty("id").GetInt64();
        await (await regulator.PostJsonAsync("/api/v1/credit/push/run", new { })).ExpectAsync(HttpStatusCode.OK);
        var pushes = (await (await enterprise.GetAsync("/api/v1/credit/pushes")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray()
            .Where(p => p.GetProperty("demandId").GetInt64() == demandId && p.GetProperty("state").GetString() == "pushed").ToList();
        var bank1 = await app.OrganisationIdAsync("BANK-1");
        Assert.Equal(2, pushes.Count); // one to each demo bank
        using var first = await app.ClientAsync(pushes[0].GetProperty("bankId").GetGuid() == bank1 ? "bank1" : "bank2");
        using var second = await app.ClientAsync(pushes[1].GetProperty("bankId").GetGuid() == bank1 ? "bank1" : "bank2");

        var answers = await Task.WhenAll(
            first.PostJsonAsync($"/api/v1/credit/pushes/{pushes[0].GetProperty("id").GetInt64()}/decline", new { note = "额度已满" }),
            second.PostJsonAsync($"/api/v1/credit/pushes/{pushes[1].GetProperty("id").GetInt64()}/decline", new { note = "不符合" }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var demands = await (await enterprise.GetAsync("/api/v1/credit/demands")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("open", demands.EnumerateArray().Single(d => d.GetProperty("id").GetInt64() == demandId).GetProperty("state").GetString());
    }
}

public sealed class SqlitePushRaceTests(SqliteApp app) : PushRaceTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresPushRaceTests(PostgresApp app) : PushRaceTests(app), IClassFixture<PostgresApp>;

public sealed class SqliteCreditTests(SqliteApp app) : CreditTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCreditTests(PostgresApp app) : CreditTests(app), IClassFixture<PostgresApp>;

/// <summary>The response clock over the API: late pushes escalate and the demand goes to the next-fitting bank.</summary>
public abstract class ResponseClockTests(RongtongApp app)
{
    [Fact]
    public async Task ALatePush_IsEscalated_AndTheDemandIsRePushedToAnotherBank()
    {
        using var enterprise = await app.ClientAsync("enterprise2");
        using var regulator = await app.ClientAsync("regulator");
        var demand = await (await enterprise.PostJsonAsync("/api/v1/credit/demands", new { amount = "800000.00", termMonths = 12, unsecured = true, purpose = "周转" }))
            .ExpectAsync(HttpStatusCode.Created);
        var demandId = demand.GetProperty("id").GetInt64();
        await (await regulator.PostJsonAsync("/api/v1/credit/push/run", new { })).ExpectAsync(HttpStatusCode.OK);
        var first = (await (await enterprise.GetAsync("/api/v1/credit/pushes")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray()
            .Where(p => p.GetProperty("demandId").GetInt64() == demandId).ToList();
        Assert.NotEmpty(first);
        Assert.Equal("2023-07-04", first[0].GetProperty("claimBy").GetString()); // 2 business days after Friday 2023-06-30

        // Two business days pass without an answer: on 2023-07-05 the clock has run out.
        await (await regulator.PutAsJsonAsync("/api/v1/business-date", new { businessDate = "2023-07-05" })).ExpectAsync(HttpStatusCode.OK);
        var escalation = await (await regulator.PostJsonAsync("/api/v1/credit/push/escalate", new { })).ExpectAsync(HttpStatusCode.OK);
        Assert.True(escalation.GetProperty("escalated").GetInt32() >= first.Count);
        Assert.True(escalation.GetProperty("reopened").GetInt32() >= 1, escalation.ToString());
        var funnel = await (await regulator.GetAsync("/api/v1/credit/funnel")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(funnel.GetProperty("escalated").EnumerateArray(), p => p.GetProperty("demandId").GetInt64() == demandId);

        await (await regulator.PostJsonAsync("/api/v1/credit/push/run", new { })).ExpectAsync(HttpStatusCode.OK);
        var after = (await (await enterprise.GetAsync("/api/v1/credit/pushes")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray()
            .Where(p => p.GetProperty("demandId").GetInt64() == demandId).ToList();
        var firstBanks = first.Select(p => p.GetProperty("bankId").GetGuid()).ToHashSet();
        var repushed = after.Where(p => p.GetProperty("state").GetString() == "pushed").ToList();
        Assert.NotEmpty(repushed);
        Assert.All(repushed, p => Assert.DoesNotContain(p.GetProperty("bankId").GetGuid(), firstBanks));
        Assert.All(repushed, p => Assert.Equal("2023-07-05", p.GetProperty("pushedOn").GetString()));
    }
}

public sealed class SqliteResponseClockTests(SqliteApp app) : ResponseClockTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresResponseClockTests(PostgresApp app) : ResponseClockTests(app), IClassFixture<PostgresApp>;
