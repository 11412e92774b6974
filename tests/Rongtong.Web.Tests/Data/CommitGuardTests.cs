using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Rongtong.Application.Data;
using Rongtong.Web.Tests.Infrastructure;

namespace Rongtong.Web.Tests.Data;

/// <summary>The commit guards' PostgreSQL batch goes around EF's command pipeline; it must still answer and be logged like EF's commands.</summary>
public sealed class CommitGuardTests(PostgresServer server)
{
    [Fact]
    public async Task TheGuardBatch_ReportsWhichGuardDoesNotHold_AndIsLoggedWithEfsCommands()
    {
        var messages = new ConcurrentQueue<(string Category, string Text)>();
        using var logging = LoggerFactory.Create(b => b.AddProvider(new Capture(messages)).SetMinimumLevel(LogLevel.Information));
        var options = new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(await server.CreateDatabaseAsync()).UseLoggerFactory(logging).Options;
        await using var db = new PostgresAppDbContext(options);
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);

        var failing = await CommitGuard.FirstFailingAsync(db,
        [
            new CommitGuard("first", """SELECT {0} AS "Value" """, () => [1L]),
            new CommitGuard("second", """SELECT {0} AS "Value" """, () => [0L]),
            new CommitGuard("third", """SELECT 1 AS "Value" WHERE {0} = 1""", () => [1L]),
        ], TestContext.Current.CancellationToken);

        Assert.Equal("second", failing?.What);
        var logged = Assert.Single(messages, m => m.Text.Contains("Executed commit guards", StringComparison.Ordinal));
        Assert.Equal(DbLoggerCategory.Database.Command.Name, logged.Category); // where EF logs its own commands
        Assert.Contains("3 statements", logged.Text, StringComparison.Ordinal);
        Assert.Contains("""SELECT $1 AS "Value" """, logged.Text, StringComparison.Ordinal);
    }

    private sealed class Capture(ConcurrentQueue<(string Category, string Text)> messages) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, messages);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string Category, string Text)> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue((category, formatter(state, exception)));
        }
    }
}
