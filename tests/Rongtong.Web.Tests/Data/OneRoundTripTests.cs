using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Web.Tests.Infrastructure;

namespace Rongtong.Web.Tests.Data;

/// <summary>
/// On PostgreSQL a unit of work goes to the server as one command without a transaction (OneRoundTrip): it must still
/// be all or nothing, with every check EF or a guard makes after the writes made on the server.
/// </summary>
public sealed class OneRoundTripTests(PostgresServer server)
{
    private readonly ConcurrentQueue<string> _log = new();

    [Fact]
    public async Task AnAuditedUpdate_GoesAsOneCommand_WithoutATransaction()
    {
        var connection = await MigratedDatabaseAsync();
        await using var db = Context(connection);
        var org = await AddOrganisationAsync(db);
        _log.Clear();

        org.Name = "改名后";
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain(_log, m => m.Contains("transaction", StringComparison.OrdinalIgnoreCase));
        var command = Assert.Single(_log, m => m.StartsWith("Executed DbCommand", StringComparison.Ordinal));
        Assert.Contains("UPDATE \"Organisations\"", command, StringComparison.Ordinal);
        Assert.Contains("INSERT INTO \"Audit\"", command, StringComparison.Ordinal);
        // EF logs the text it built, before the interceptor appended the checks.
    }

    [Fact]
    public async Task AnUpdateThatLostTheRace_SavesNothing_NotEvenItsAuditEntry()
    {
        var connection = await MigratedDatabaseAsync();
        await using var first = Context(connection);
        await using var second = Context(connection);
        var org = await AddOrganisationAsync(first);
        var same = await second.Organisations.SingleAsync(o => o.Id == org.Id, TestContext.Current.CancellationToken);

        org.Name = "先到";
        await first.SaveChangesAsync(TestContext.Current.CancellationToken);
        same.Name = "后到";
        same.NameEn = "late";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(TestContext.Current.CancellationToken));

        await using var check = Context(connection);
        Assert.Equal("先到", (await check.Organisations.SingleAsync(o => o.Id == org.Id, TestContext.Current.CancellationToken)).Name);
        var key = org.Id.ToString();
        Assert.Equal(2, await check.Audit.CountAsync(a => a.Entity == nameof(Organisation) && a.EntityKey == key, TestContext.Current.CancellationToken)); // insert, first update
    }

    [Fact]
    public async Task AGuardThatDoesNotHold_SavesNothing_AndSaysWhich()
    {
        var connection = await MigratedDatabaseAsync();
        await using var db = Context(connection);
        var org = await AddOrganisationAsync(db);
        org.Name = "不应保存";
        db.BeforeCommit(new CommitGuard("the test's limit", """SELECT {0} AS "Value" """, () => [0L]));

        var e = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));

        Assert.Contains("the test's limit changed concurrently", e.Message, StringComparison.Ordinal);
        await using var check = Context(connection);
        Assert.NotEqual("不应保存", (await check.Organisations.SingleAsync(o => o.Id == org.Id, TestContext.Current.CancellationToken)).Name);
        var key = org.Id.ToString();
        Assert.Equal(1, await check.Audit.CountAsync(a => a.EntityKey == key, TestContext.Current.CancellationToken)); // the insert only
    }

    [Fact]
    public async Task AGuardsFallback_RunsOnlyWhenTheGuardFindsNoRow()
    {
        var connection = await MigratedDatabaseAsync();
        await using var db = Context(connection);
        var org = await AddOrganisationAsync(db);
        const string Bump = """UPDATE "Organisations" SET "NetAssetsFen" = "NetAssetsFen" + {1} WHERE "Code" = {0} RETURNING 1 AS "Value" """;

        // No row with the guard's code: the fallback updates the organisation.
        db.BeforeCommit(new CommitGuard("a missing row", Bump, () => ["NO-SUCH-CODE", 1L], Otherwise: new CommitGuard("the fallback", Bump, () => [org.Code, 10L])));
        org.NameEn = "fallback";
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        // The guard's row exists: the fallback must not run as well.
        db.BeforeCommit(new CommitGuard("the organisation", Bump, () => [org.Code, 100L], Otherwise: new CommitGuard("the fallback", Bump, () => [org.Code, 1000L])));
        org.NameEn = "guard";
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        await using var check = Context(connection);
        Assert.Equal(110, (await check.Organisations.SingleAsync(o => o.Id == org.Id, TestContext.Current.CancellationToken)).NetAssetsFen);
    }

    private async Task<StorageOptions> MigratedDatabaseAsync()
    {
        var storage = new StorageOptions(StorageOptions.Postgres, await server.CreateDatabaseAsync());
        await using var db = StorageRegistration.CreateContext(storage);
        await StorageRegistration.MigrateAsync(db, TestContext.Current.CancellationToken);
        return storage;
    }

    /// <summary>A context configured as the platform configures them, with EF's command log captured.</summary>
    private PostgresAppDbContext Context(StorageOptions storage)
    {
        var logging = LoggerFactory.Create(b => b.AddProvider(new Capture(_log)).SetMinimumLevel(LogLevel.Debug));
        var builder = new DbContextOptionsBuilder<PostgresAppDbContext>();
        StorageRegistration.UsePostgres(builder, storage).UseLoggerFactory(logging);
        return new PostgresAppDbContext(builder.Options) { Viewer = Viewer.System(new DateOnly(2023, 6, 30)) };
    }

    private static async Task<Organisation> AddOrganisationAsync(AppDbContext db)
    {
        var org = new Organisation { Code = $"T-{Guid.NewGuid():N}"[..20], Name = "测试机构", Kind = OrganisationKind.Bank };
        db.Organisations.Add(org);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return org;
    }

    private sealed class Capture(ConcurrentQueue<string> messages) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, messages);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (category == DbLoggerCategory.Database.Command.Name || category == DbLoggerCategory.Database.Transaction.Name)
                {
                    messages.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
