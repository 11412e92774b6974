using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rongtong.Web.Tests.Infrastructure;

namespace Rongtong.Web.Tests.Api;

/// <summary>A production start on PostgreSQL (no <c>Demo:Seed</c>) migrates the database and seeds nothing: no people, no default passwords.</summary>
public sealed class PostgresProductionStartTests(PostgresProductionApp app) : IClassFixture<PostgresProductionApp>
{
    [Fact]
    public async Task APostgresStartWithoutDemoSeed_CreatesNoUsersAndNoOrganisations()
    {
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Organisations.CountAsync()));
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Enterprises.CountAsync()));
        Assert.True(await app.WithDatabaseAsync(db => Task.FromResult(db.IsPostgres)));
    }

    [Fact]
    public async Task TheDemoAccounts_CannotSignIn_OnAProductionStart()
    {
        using var client = app.Anonymous();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "regulator@demo.local", password = RongtongApp.Password });

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("{\"email\":5,\"password\":\"x\"}", "email")]
    [InlineData("{\"email\":\"a@b.cn\",\"password\":\"x\",\"password\":\"y\"}", null)]
    public async Task AnUnreadableBody_InProduction_IsAProblemNamingTheField(string body, string? field)
    {
        using var client = app.Anonymous();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/v1/auth/login", content);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field is null ? [] : [field]);
        Assert.Equal("BAD_REQUEST", problem.GetProperty("code").GetString()); // ErrorHandling's answer, not a bare status page
    }

    [Fact]
    public async Task AnIncompleteSignInForm_FromABrowser_Is400_Not500()
    {
        using var client = app.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = new FormUrlEncodedContent([new("email", "a@b.cn")]) };
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task TheHealthCheck_AnswersOnAnEmptyProductionDatabase()
    {
        using var client = app.Anonymous();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
