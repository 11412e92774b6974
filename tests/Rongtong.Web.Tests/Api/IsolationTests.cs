using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rongtong.Web.Tests.Infrastructure;

namespace Rongtong.Web.Tests.Api;

/// <summary>
/// Isolation on every query: a bank sees an enterprise only under a live consent, an enterprise only
/// itself, the regulator everything; forbidden reads are 404, not 403. In this class only
/// <c>ENT-1 → BANK-1</c> and <c>ENT-2 → BANK-1</c> consents are granted, so BANK-2 never sees anyone.
/// </summary>
public abstract class IsolationTests(RongtongApp app)
{
    [Fact]
    public async Task ABank_WithoutConsent_SeesNoEnterprise_AndGets404NotForbidden()
    {
        using var bank = await app.ClientAsync("bank2");
        var enterprise = await app.EnterpriseIdAsync("ENT-1");

        var page = await (await bank.GetAsync("/api/v1/enterprises?pageSize=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, page.GetProperty("total").GetInt32());
        Assert.Empty(page.GetProperty("items").EnumerateArray());

        await (await bank.GetAsync($"/api/v1/enterprises/{enterprise}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await bank.GetAsync($"/api/v1/enterprises/{await app.UnrelatedEnterpriseIdAsync()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AConsent_LetsOnlyTheGranteeSeeTheEnterprise_UntilItIsRevoked()
    {
        using var owner = await app.ClientAsync("enterprise1");
        using var bank1 = await app.ClientAsync("bank1");
        using var bank2 = await app.ClientAsync("bank2");
        var enterprise = await app.EnterpriseIdAsync("ENT-1");
        await (await bank1.GetAsync($"/api/v1/enterprises/{enterprise}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        var consent = await GrantAsync(owner, "BANK-1", ["registry", "taxes", "determinations"]);
        Assert.Equal(enterprise, consent.GetProperty("enterpriseId").GetInt64());

        var seen = await (await bank1.GetAsync($"/api/v1/enterprises/{enterprise}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(enterprise, seen.GetProperty("id").GetInt64());
        Assert.NotEmpty(seen.GetProperty("taxes").EnumerateArray());
        Assert.Equal(JsonValueKind.Object, seen.GetProperty("determination").ValueKind);
        Assert.Contains(enterprise, await ListedIdsAsync(bank1));
        await (await bank2.GetAsync($"/api/v1/enterprises/{enterprise}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(enterprise, await ListedIdsAsync(bank2));

        var held = await (await bank1.GetAsync("/api/v1/consents")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(held.EnumerateArray(), c => c.GetProperty("id").GetInt64() == consent.GetProperty("id").GetInt64());
        var notHeld = await (await bank2.GetAsync("/api/v1/consents")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(notHeld.EnumerateArray(), c => c.GetProperty("id").GetInt64() == consent.GetProperty("id").GetInt64());

        using var revoked = await owner.PostAsync($"/api/v1/consents/{consent.GetProperty("id").GetInt64()}/revoke", null);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        await (await bank1.GetAsync($"/api/v1/enterprises/{enterprise}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(enterprise, await ListedIdsAsync(bank1));
        var mine = await (await owner.GetAsync("/api/v1/consents")).ExpectAsync(HttpStatusCode.OK);
        var after = mine.EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == consent.GetProperty("id").GetInt64());
        Assert.False(after.GetProperty("live").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task EveryReadUnderConsent_IsLoggedForTheEnterprise_AndTheScopeLimitsWhatIsShown()
    {
        using var owner = await app.ClientAsync("enterprise2");
        using var bank1 = await app.ClientAsync("bank1");
        using var bank2 = await app.ClientAsync("bank2");
        var enterprise = await app.EnterpriseIdAsync("ENT-2");
        var bank1Id = await app.OrganisationIdAsync("BANK-1");
        var consent = await GrantAsync(owner, "BANK-1", ["registry"]);
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var seen = await (await bank1.GetAsync($"/api/v1/enterprises/{enterprise}")).ExpectAsync(HttpStatusCode.OK);
                Assert.Empty(seen.GetProperty("taxes").EnumerateArray());
                Assert.Equal(JsonValueKind.Null, seen.GetProperty("determination").ValueKind);
            }

            var log = await (await owner.GetAsync("/api/v1/consents/accesses")).ExpectAsync(HttpStatusCode.OK);
            var reads = log.EnumerateArray().Where(a => a.GetProperty("enterpriseId").GetInt64() == enterprise).ToList();
            Assert.Equal(2, reads.Count);
            Assert.All(reads, a => Assert.Equal(bank1Id, a.GetProperty("organisationId").GetGuid()));
            Assert.All(reads, a => Assert.StartsWith("profile as of 2023-06-30", a.GetProperty("what").GetString(), StringComparison.Ordinal));

            var ownReads = await (await bank1.GetAsync("/api/v1/consents/accesses")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(2, ownReads.EnumerateArray().Count(a => a.GetProperty("enterpriseId").GetInt64() == enterprise));
            var othersReads = await (await bank2.GetAsync("/api/v1/consents/accesses")).ExpectAsync(HttpStatusCode.OK);
            Assert.Empty(othersReads.EnumerateArray());
        }
        finally
        {
            using var revoked = await owner.PostAsync($"/api/v1/consents/{consent.GetProperty("id").GetInt64()}/revoke", null);
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }
    }

    [Fact]
    public async Task AnEnterprise_SeesOnlyItself()
    {
        using var client = await app.ClientAsync("enterprise1");
        var own = await app.EnterpriseIdAsync("ENT-1");

        Assert.Equal([own], await ListedIdsAsync(client));
        await (await client.GetAsync($"/api/v1/enterprises/{own}")).ExpectAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"/api/v1/enterprises/{await app.EnterpriseIdAsync("ENT-2")}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnEnterprise_CannotPostADemandForAnotherEnterprise()
    {
        using var client = await app.ClientAsync("enterprise1");
        var other = await app.EnterpriseIdAsync("ENT-2");

        await (await client.PostJsonAsync("/api/v1/credit/demands", new { amount = "100000.00", termMonths = 12, unsecured = true, purpose = "流动资金", enterpriseId = other }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        var own = await (await client.PostJsonAsync("/api/v1/credit/demands", new { amount = "100000.00", termMonths = 12, unsecured = true, purpose = "流动资金", enterpriseId = await app.EnterpriseIdAsync("ENT-1") }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(await app.EnterpriseIdAsync("ENT-1"), own.GetProperty("enterpriseId").GetInt64());
    }

    [Fact]
    public async Task AnEnterprise_CannotRevokeAnotherEnterprisesConsent()
    {
        using var owner = await app.ClientAsync("enterprise2");
        using var other = await app.ClientAsync("enterprise1");
        var consent = await GrantAsync(owner, "BANK-1", ["registry"]);
        var id = consent.GetProperty("id").GetInt64();

        using var refused = await other.PostAsync($"/api/v1/consents/{id}/revoke", null);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var mine = await (await owner.GetAsync("/api/v1/consents")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(mine.EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == id).GetProperty("live").GetBoolean());

        using var revoked = await owner.PostAsync($"/api/v1/consents/{id}/revoke", null);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
    }

    [Fact]
    public async Task TheRegulator_SeesEveryEnterprise()
    {
        using var client = await app.ClientAsync("regulator");

        var page = await (await client.GetAsync("/api/v1/enterprises?pageSize=1")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(300, page.GetProperty("total").GetInt32());
        foreach (var id in new[] { await app.EnterpriseIdAsync("ENT-1"), await app.EnterpriseIdAsync("ENT-2"), await app.UnrelatedEnterpriseIdAsync() })
        {
            var enterprise = await (await client.GetAsync($"/api/v1/enterprises/{id}")).ExpectAsync(HttpStatusCode.OK);
            Assert.NotEmpty(enterprise.GetProperty("taxes").EnumerateArray());
        }
    }

    [Fact]
    public async Task ABank_CannotSetTheBusinessDate()
    {
        using var bank = await app.ClientAsync("bank1");

        using var response = await bank.PutAsJsonAsync("/api/v1/business-date", new { businessDate = "2023-07-03" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var date = await (await bank.GetAsync("/api/v1/business-date")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("2023-06-30", date.GetProperty("businessDate").GetString());
    }

    [Fact]
    public async Task TheRegulator_SetsTheBusinessDate_ThatEveryoneThenUses()
    {
        using var regulator = await app.ClientAsync("regulator");
        using var bank = await app.ClientAsync("bank1");
        try
        {
            using var response = await regulator.PutAsJsonAsync("/api/v1/business-date", new { businessDate = "2023-07-03" });
            var set = await response.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("2023-07-03", set.GetProperty("businessDate").GetString());

            var seen = await (await bank.GetAsync("/api/v1/business-date")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("2023-07-03", seen.GetProperty("businessDate").GetString());
            var me = await (await bank.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("2023-07-03", me.GetProperty("businessDate").GetString());
        }
        finally
        {
            using var restored = await regulator.PutAsJsonAsync("/api/v1/business-date", new { businessDate = "2023-06-30" });
            Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        }
    }

    [Fact]
    public async Task ABank_CannotGrantConsent_AndAnEnterpriseCannotGrantItToTheRegulator()
    {
        using var bank = await app.ClientAsync("bank1");
        using var enterprise = await app.ClientAsync("enterprise1");
        var body = new { granteeOrganisationId = await app.OrganisationIdAsync("BANK-2"), scope = new[] { "registry" }, purpose = "授信审查", validUntil = "2023-12-31" };

        using var byBank = await bank.PostJsonAsync("/api/v1/consents", body);
        Assert.Equal(HttpStatusCode.Forbidden, byBank.StatusCode);

        using var toRegulator = await enterprise.PostJsonAsync("/api/v1/consents", body with { granteeOrganisationId = await app.OrganisationIdAsync("HZ-FIN-REG") });
        var problem = await toRegulator.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("CONSENT_GRANTEE_INVALID", problem.GetProperty("code").GetString());
    }

    private async Task<JsonElement> GrantAsync(HttpClient owner, string grantee, string[] scope)
    {
        using var response = await owner.PostJsonAsync("/api/v1/consents",
            new { granteeOrganisationId = await app.OrganisationIdAsync(grantee), scope, purpose = "流动资金贷款授信审查", validUntil = "2023-12-31" });
        var consent = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.True(consent.GetProperty("live").GetBoolean());
        return consent;
    }

    private static async Task<List<long>> ListedIdsAsync(HttpClient client)
    {
        var page = await (await client.GetAsync("/api/v1/enterprises?pageSize=200")).ExpectAsync(HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];
    }
}

public sealed class SqliteIsolationTests(SqliteApp app) : IsolationTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresIsolationTests(PostgresApp app) : IsolationTests(app), IClassFixture<PostgresApp>;
