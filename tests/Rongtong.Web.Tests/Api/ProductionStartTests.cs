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

    [Fact]
    public async Task TheHealthCheck_AnswersOnAnEmptyProductionDatabase()
    {
        using var client = app.Anonymous();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
