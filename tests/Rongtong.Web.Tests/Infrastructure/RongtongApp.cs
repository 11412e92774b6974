using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Demo;

namespace Rongtong.Web.Tests.Infrastructure;

/// <summary>
/// The one <see cref="WebApplicationFactory{TEntryPoint}"/> of the API tests: the real Program on its own
/// database (a temp SQLite folder or a fresh PostgreSQL database), seeded with a small demo world unless a
/// derived fixture says otherwise. Hands out clients signed in as the demo accounts.
/// </summary>
public abstract class RongtongApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = SeedDemo.Password;

    /// <summary>The demo roles of INTERFACES.md by short name (the part of the e-mail before the @).</summary>
    public static readonly string[] DemoAccounts =
        ["regulator", "bank1", "bank2", "guarantor", "guarantor-county", "bridge", "fund", "enterprise1", "enterprise2"];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, Task<string>> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);

    /// <summary>This factory's own data folder (SQLite file, data-protection keys), deleted at the end.</summary>
    protected string Folder { get; } = Path.Combine(Path.GetTempPath(), $"rongtong-web-tests-{Guid.NewGuid():N}");

    public abstract string Provider { get; }

    /// <summary>Whether the demo world is seeded (the tests opt in on PostgreSQL, where production seeds nothing).</summary>
    protected virtual bool SeedDemoWorld => true;

    /// <summary>Prepares the database and the settings, then starts the host once.</summary>
    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        _settings["Storage:DataFolder"] = Folder;
        _settings["Logging:LogLevel:Default"] = "Warning";
        _settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning";
        _settings["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning";
        if (SeedDemoWorld)
        {
            _settings["Demo:Seed"] = "true";
            _settings["Demo:Enterprises"] = "300";
        }

        foreach (var (key, value) in await DatabaseSettingsAsync())
        {
            _settings[key] = value;
        }

        _ = Server; // starts the host: migrations and the seed run now, not inside the first test
    }

    /// <summary>Database settings for this factory: provider and where the data lives.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string?>> DatabaseSettingsAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // As deployed: the Production environment (the framework's default for tests is Development, which answers some
        // errors differently — an unreadable body, an unhandled exception).
        builder.UseEnvironment(Microsoft.Extensions.Hosting.Environments.Production);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>A client with the bearer token of a demo account (short name) or of any e-mail with the demo password.</summary>
    public async Task<HttpClient> ClientAsync(string account)
    {
        var token = await _tokens.GetOrAdd(account, a => LoginTokenAsync(Email(a), Password));
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string Email(string account) => account.Contains('@', StringComparison.Ordinal) ? account : $"{account}@demo.local";

    public async Task<string> LoginTokenAsync(string email, string password)
    {
        using var client = Anonymous();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"login of {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>Runs <paramref name="work"/> on a context of the app that sees everything (the system viewer).</summary>
    public async Task<T> WithDatabaseAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>The id of a demo organisation by code (<c>BANK-1</c>, <c>ENT-2</c>, …).</summary>
    public Task<Guid> OrganisationIdAsync(string code) =>
        WithDatabaseAsync(db => db.Organisations.Where(o => o.Code == code).Select(o => o.Id).SingleAsync());

    /// <summary>The registry enterprise of a demo enterprise organisation (<c>ENT-1</c>, <c>ENT-2</c>).</summary>
    public Task<long> EnterpriseIdAsync(string code) =>
        WithDatabaseAsync(db => db.Organisations.Where(o => o.Code == code).Select(o => o.EnterpriseId!.Value).SingleAsync());

    /// <summary>A registry enterprise that belongs to neither demo enterprise organisation.</summary>
    public Task<long> UnrelatedEnterpriseIdAsync() =>
        WithDatabaseAsync(async db =>
        {
            var demo = await db.Organisations.Where(o => o.EnterpriseId != null).Select(o => o.EnterpriseId!.Value).ToListAsync();
            return await db.Enterprises.Where(e => !demo.Contains(e.Id)).OrderByDescending(e => e.Id).Select(e => e.Id).FirstAsync();
        });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await CleanUpAsync();
        GC.SuppressFinalize(this);
    }

    protected virtual Task CleanUpAsync()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        return Task.CompletedTask;
    }
}

/// <summary>The embedded default: SQLite in the factory's temp folder.</summary>
public class SqliteApp : RongtongApp
{
    public override string Provider => "Sqlite";

    protected override Task<IReadOnlyDictionary<string, string?>> DatabaseSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite" });

    protected override Task CleanUpAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return base.CleanUpAsync();
    }
}

/// <summary>PostgreSQL: a database of its own on the run's <see cref="PostgresServer"/>.</summary>
public class PostgresApp(PostgresServer server) : RongtongApp
{
    public override string Provider => "Postgres";

    protected override async Task<IReadOnlyDictionary<string, string?>> DatabaseSettingsAsync() =>
        new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Rongtong"] = await server.CreateDatabaseAsync(),
        };
}

/// <summary>A production start on PostgreSQL: no <c>Demo:Seed</c>, so nothing is seeded.</summary>
public sealed class PostgresProductionApp(PostgresServer server) : PostgresApp(server)
{
    protected override bool SeedDemoWorld => false;
}
