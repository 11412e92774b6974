using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;

namespace Rongtong.Application.Infrastructure;

/// <summary>Retrying a unit of work that lost a race on its rows.</summary>
public static class Conflicts
{
    /// <summary>
    /// Runs a unit of work, and again (a few times, after a short random pause) when a concurrent change to the same
    /// rows — an optimistic version check, a guarded update at commit, a first insert of a key — made it roll back.
    /// Anything else, a refusal included, clears the unit of work and propagates.
    /// </summary>
    public static async Task<T> RetryAsync<T>(AppDbContext db, Func<Task<T>> attempt, CancellationToken ct)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (DbUpdateException e) when (i < 8 && (e is DbUpdateConcurrencyException || IsUniqueViolation(e)))
            {
                // Someone else changed the same rows first: re-read and decide again.
                db.ChangeTracker.Clear();
                db.DiscardBeforeCommit();
                await Task.Delay(Random.Shared.Next(1, 5) * (i + 1), ct);
            }
            catch
            {
                // A refusal or the last failed try: nothing of this attempt — tracked changes or commit guards — may reach a later save.
                db.ChangeTracker.Clear();
                db.DiscardBeforeCommit();
                throw;
            }
        }
    }

    private static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        Npgsql.PostgresException p => p.SqlState == "23505",
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteErrorCode == 19,
        _ => false,
    };
}
