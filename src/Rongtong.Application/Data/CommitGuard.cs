using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Rongtong.Application.Data;

/// <summary>
/// One statement a unit of work runs in its transaction after its writes, just before the commit (see
/// <see cref="AppDbContext.BeforeCommit"/>): an atomic conditional update of a contended counter
/// (<c>UPDATE … SET x = x + Δ WHERE x + Δ ≤ cap RETURNING 1</c>), or a re-read of a limit under the lock such an
/// update took. It holds when it returns a row whose column <c>Value</c> is non-zero. Parameters are written
/// <c>{0}</c>, <c>{1}</c>, … as in <c>ExecuteSqlRaw</c> (sent as <c>$1</c>, <c>$2</c>, … on PostgreSQL), and the text is
/// the same on both providers. <paramref name="Parameters"/> are read when the guard runs, after the unit of work's
/// writes, so a key the database generated is known by then. When it does not hold and has an
/// <paramref name="Otherwise"/>, that statement runs next, on its own (a fallback for a missing row).
/// </summary>
public sealed partial record CommitGuard(string What, string Sql, Func<object[]> Parameters, CommitGuard? Otherwise = null)
{
    /// <summary>
    /// Runs the guards in order and returns the first that does not hold (null when all hold). On PostgreSQL they go
    /// to the server as one batch — one round trip, each statement still with its own snapshot, so a re-read after a
    /// lock wait sees what the lock's holder committed; the statements after one that does not hold still run (and may
    /// wait for their rows) before the unit of work rolls back. On SQLite (in-process) they run one by one.
    /// </summary>
    public static async Task<CommitGuard?> FirstFailingAsync(AppDbContext db, IReadOnlyList<CommitGuard> guards, CancellationToken ct)
    {
        var held = db.IsPostgres ? await BatchAsync(db, guards, ct) : await OneByOneAsync(db, guards, ct);
        for (var i = 0; i < guards.Count; i++)
        {
            if (!held[i] && !(guards[i].Otherwise is { } otherwise && (await OneByOneAsync(db, [otherwise], ct))[0]))
            {
                return guards[i];
            }
        }

        return null;
    }

    private static async Task<bool[]> OneByOneAsync(AppDbContext db, IReadOnlyList<CommitGuard> guards, CancellationToken ct)
    {
        var held = new bool[guards.Count];
        for (var i = 0; i < guards.Count; i++)
        {
            var values = await db.Database.SqlQueryRaw<long>(guards[i].Sql, guards[i].Parameters()).ToListAsync(ct);
            held[i] = values.Count > 0 && values[0] != 0;
        }

        return held;
    }

    private static async Task<bool[]> BatchAsync(AppDbContext db, IReadOnlyList<CommitGuard> guards, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var batch = connection.CreateBatch();
        batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var guard in guards)
        {
            var command = batch.CreateBatchCommand();
            // Positional parameters ($1, $2, …): the driver sends the text as it is, without rewriting names.
            command.CommandText = Placeholder().Replace(guard.Sql, m => "$" + (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1));
            foreach (var value in guard.Parameters())
            {
                var parameter = command.CreateParameter();
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        // The batch goes around EF's command pipeline, so it is logged where EF logs its commands (done or failed):
        // turning on EF's command log shows the guards with the rest of the unit of work.
        var log = db.GetService<IDiagnosticsLogger<DbLoggerCategory.Database.Command>>().Logger;
        var started = Stopwatch.GetTimestamp();
        string Sql() => string.Join(Environment.NewLine, batch.BatchCommands.Select(c => c.CommandText));
        var held = new bool[guards.Count];
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(ct);
            for (var i = 0; i < guards.Count; i++)
            {
                if (i > 0)
                {
                    await reader.NextResultAsync(ct);
                }

                held[i] = await reader.ReadAsync(ct) && Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) != 0;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (log.IsEnabled(LogLevel.Error))
            {
                FailedBatch(log, Stopwatch.GetElapsedTime(started).TotalMilliseconds, guards.Count, Sql(), e);
            }

            throw;
        }

        if (log.IsEnabled(LogLevel.Information))
        {
            Executed(log, Stopwatch.GetElapsedTime(started).TotalMilliseconds, guards.Count, Sql(), null);
        }

        return held;
    }

    private static readonly Action<ILogger, double, int, string, Exception?> FailedBatch = LoggerMessage.Define<double, int, string>(
        LogLevel.Error, new EventId(2, "CommitGuardsFailed"), "Failed executing commit guards ({Elapsed:F1}ms, {Count} statements in one batch): {Sql}");

    private static readonly Action<ILogger, double, int, string, Exception?> Executed = LoggerMessage.Define<double, int, string>(
        LogLevel.Information, new EventId(1, "CommitGuardsExecuted"), "Executed commit guards ({Elapsed:F1}ms, {Count} statements in one batch): {Sql}");

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();
}
