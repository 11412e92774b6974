using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Rongtong.Application.Data;

/// <summary>
/// A unit of work saved on PostgreSQL in one round trip (decision 0003): EF Core's batch of writes, then the unit's
/// commit guards, then one assertion that every row it updated was updated by this transaction — all in EF's one
/// command, sent without <c>BEGIN</c>/<c>COMMIT</c>. PostgreSQL runs the statements of one command as one implicit
/// transaction, so the unit commits when the command ends, and a statement that fails aborts all of it. Each check
/// that EF Core or a guard would make on the client after the writes is made on the server instead, by
/// <c>rongtong_guard</c>, which raises RT409 when it does not hold: a guard that does not hold, or an update that
/// matched no row (a concurrent change of its version), aborts the whole unit on the server.
/// </summary>
/// <remarks>
/// Only when atomicity is certain: EF must send the unit as one command. The interceptor counts the statements of the
/// first command against the writes of the unit and refuses before anything is sent when they differ; the unit is
/// then saved the usual way, in a transaction. Deletes (whose "no row" EF treats as a conflict) and units in a
/// caller's transaction never take this path.
/// </remarks>
public sealed class OneRoundTrip(int statements, IReadOnlyList<CommitGuard> guards, IReadOnlyList<(string Table, string[] Columns, object?[] Key)> updated)
{
    /// <summary>The SQLSTATE <c>rongtong_guard</c> raises.</summary>
    public const string GuardFailed = "RT409";

    /// <summary>The one interceptor instance, registered on PostgreSQL contexts.</summary>
    public static readonly DbCommandInterceptor Interceptor = new Appender();

    private bool _sent;

    /// <summary>The unit of work to send as one command, or null when it cannot go as one (deletes; nothing to write).</summary>
    public static OneRoundTrip? For(ChangeTracker tracker, IReadOnlyList<CommitGuard> guards)
    {
        var writes = tracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        if (writes.Count == 0 || writes.Any(e => e.State == EntityState.Deleted))
        {
            return null;
        }

        var updated = writes.Where(e => e.State == EntityState.Modified).Select(e =>
        {
            var table = StoreObjectIdentifier.Table(e.Metadata.GetTableName()!, e.Metadata.GetSchema());
            var key = e.Metadata.FindPrimaryKey()!.Properties;
            return (Quote(e.Metadata.GetTableName()!), key.Select(p => Quote(p.GetColumnName(table)!)).ToArray(), key.Select(p => e.Property(p.Name).OriginalValue).ToArray());
        }).ToList();
        return new OneRoundTrip(writes.Count, guards, updated);
    }

    /// <summary>The RT409 failure inside <paramref name="e"/>, if a check of the batch did not hold.</summary>
    public static PostgresException? GuardFailure(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is PostgresException { SqlState: GuardFailed } p)
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>Thrown by the interceptor before anything is sent: the unit did not come as one command.</summary>
    public sealed class RefusedException(string message) : Exception(message);

    private void Append(DbCommand command)
    {
        if (_sent)
        {
            // Cannot happen after the count below; if it ever did, the first command has committed alone.
            throw new InvalidOperationException("a unit of work sent without a transaction went out in more than one command");
        }

        var sent = command.CommandText.Split('\n').Count(l => l.TrimEnd().EndsWith(';'));
        if (sent != statements)
        {
            throw new RefusedException($"EF's first command holds {sent} statements of the unit's {statements}");
        }

        _sent = true;
        var sql = new System.Text.StringBuilder(command.CommandText);
        var n = 0;
        string Parameter(object? value)
        {
            var p = command.CreateParameter();
            p.ParameterName = $"rt{n++}";
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
            return "@" + p.ParameterName;
        }

        string Inline(CommitGuard g) => CommitGuard.Placeholders(g.Sql, g.Parameters().Select(Parameter).ToArray());

        foreach (var g in guards)
        {
            var held = "EXISTS (SELECT 1 FROM g WHERE \"Value\" <> 0)";
            var ctes = $"g AS ({Inline(g)})";
            if (g.Otherwise is { } otherwise)
            {
                // The fallback runs only when the guard's statement found no row (it is an UPDATE … WHERE … RETURNING).
                ctes += $", o AS ({Inline(otherwise).Replace(" RETURNING ", " AND NOT EXISTS (SELECT 1 FROM g) RETURNING ", StringComparison.Ordinal)})";
                held += " OR EXISTS (SELECT 1 FROM o WHERE \"Value\" <> 0)";
            }

            sql.Append(CultureInfo.InvariantCulture, $"\nWITH {ctes} SELECT rongtong_guard({held}, {Parameter(g.What)});");
        }

        if (updated.Count > 0)
        {
            // An update that matched no row (its version changed) left the row as another transaction wrote it.
            var mine = string.Join(" AND ", updated.Select(u =>
                $"EXISTS (SELECT 1 FROM {u.Table} WHERE {string.Join(" AND ", u.Columns.Select((c, i) => $"{c} = {Parameter(u.Key[i])}"))} AND xmin = pg_current_xact_id()::xid)"));
            sql.Append(CultureInfo.InvariantCulture, $"\nSELECT rongtong_guard({mine}, {Parameter("a row this unit of work updates")});");
        }

        command.CommandText = sql.ToString();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed class Appender : DbCommandInterceptor
    {
        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Pending(eventData)?.Append(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
            CancellationToken cancellationToken = default)
        {
            Pending(eventData)?.Append(command);
            return ValueTask.FromResult(result);
        }

        private static OneRoundTrip? Pending(CommandEventData data) =>
            data.CommandSource == CommandSource.SaveChanges && data.Context is AppDbContext db ? db.OneRoundTripPending : null;
    }
}
