using System.Net;
using System.Net.Http.Json;
using Rongtong.Web.Tests.Infrastructure;

namespace Rongtong.Web.Tests.Api;

/// <summary>Sign-in with bearer tokens, lockout, who-am-I and the routes that need a token.</summary>
public abstract class AuthTests(RongtongApp app)
{
    private static readonly string[] AnonymousPrefixes = ["/api/v1/auth/login", "/api/v1/users/accept", "/api/v1/policy/"];

    public static TheoryData<string> Accounts() => [.. RongtongApp.DemoAccounts];

    [Theory]
    [MemberData(nameof(Accounts))]
    public async Task Login_WithTheDemoPassword_ReturnsABearerAccessToken(string account)
    {
        using var client = app.Anonymous();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = RongtongApp.Email(account), password = RongtongApp.Password });

        var body = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.True(body.GetProperty("expiresIn").GetInt32() > 0);
    }

    [Fact]
    public async Task Login_WithAWrongPassword_Is401ProblemDetails()
    {
        using var client = app.Anonymous();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "bank2@demo.local", password = "Wrong#Password1" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("wrong email or password", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_AfterFiveFailures_IsLockedOutEvenWithTheRightPassword()
    {
        var email = $"lockout-{Guid.NewGuid():N}@bank1.test";
        const string password = "Lockout#Test2021";
        await InviteAndAcceptAsync(email, password);
        Assert.False(string.IsNullOrEmpty(await app.LoginTokenAsync(email, password)), "the invited person signs in before the failures");

        using var client = app.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Wrong#Password1" });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var locked = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        var problem = await locked.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("locked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var admin = await app.ClientAsync("bank1");
        var people = await (await admin.GetAsync("/api/v1/users")).ExpectAsync(HttpStatusCode.OK);
        var person = people.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email);
        Assert.True(person.GetProperty("lockedOut").GetBoolean());
    }

    [Fact]
    public async Task Me_ShowsTheOrganisationAndRoles()
    {
        using var client = await app.ClientAsync("bank1");

        var me = await (await client.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("bank1@demo.local", me.GetProperty("email").GetString());
        Assert.Equal("BANK-1", me.GetProperty("organisationCode").GetString());
        Assert.Equal("Bank", me.GetProperty("organisationKind").GetString());
        Assert.Equal(JsonNull, me.GetProperty("enterpriseId").ValueKind);
        Assert.Equal(["admin", "checker", "maker"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Equal("2023-06-30", me.GetProperty("businessDate").GetString());
    }

    [Fact]
    public async Task Me_OfAnEnterpriseUser_NamesItsRegistryEnterprise()
    {
        using var client = await app.ClientAsync("enterprise1");

        var me = await (await client.GetAsync("/api/v1/auth/me")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("ENT-1", me.GetProperty("organisationCode").GetString());
        Assert.Equal("Enterprise", me.GetProperty("organisationKind").GetString());
        Assert.Equal(await app.EnterpriseIdAsync("ENT-1"), me.GetProperty("enterpriseId").GetInt64());
    }

    [Fact]
    public async Task EveryApiRoute_ExceptLoginAcceptAndPolicy_AnswersWithoutAToken401()
    {
        using var client = app.Anonymous();
        var endpoints = await OpenApi.EndpointsAsync(client);
        var checkedRoutes = 0;
        foreach (var endpoint in endpoints.Where(e => e.Path.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            if (AnonymousPrefixes.Any(p => endpoint.Path.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            using var request = endpoint.Request(endpoint.Sample());
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint} without a token answered {(int)response.StatusCode}");
            checkedRoutes++;
        }

        Assert.True(checkedRoutes >= 15, $"only {checkedRoutes} protected routes found in the OpenAPI document");
    }

    [Fact]
    public async Task AnInvalidToken_Is401()
    {
        using var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");

        using var response = await client.GetAsync("/api/v1/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task InviteAndAcceptAsync(string email, string password)
    {
        using var admin = await app.ClientAsync("bank1");
        var invitation = await (await admin.PostJsonAsync("/api/v1/users/invite", new { email, displayName = "Lockout test", roles = new[] { "viewer" } }))
            .ExpectAsync(HttpStatusCode.OK);
        using var anonymous = app.Anonymous();
        using var accepted = await anonymous.PostJsonAsync("/api/v1/users/accept", new { email, token = invitation.GetProperty("token").GetString(), password });
        await accepted.ExpectAsync(HttpStatusCode.NoContent);
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}

public sealed class SqliteAuthTests(SqliteApp app) : AuthTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresAuthTests(PostgresApp app) : AuthTests(app), IClassFixture<PostgresApp>;
