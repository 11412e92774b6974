using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;

namespace Rongtong.Application.Infrastructure;

/// <summary>
/// Chains committed audit entries: in Id order, each unchained entry gets the next sequence number, the
/// previous entry's hash and its own hash. One chainer at a time (an in-process lock, and on PostgreSQL
/// an advisory transaction lock across nodes), so the chain is a single line even with many writers —
/// and the writers themselves never wait for it. An entry committed late with a lower Id is simply
/// chained later.
/// </summary>
public static class AuditChainer
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Chains everything committed so far; returns how many entries it chained.</summary>
    public static async Task<int> ChainAsync(AppDbContext db, CancellationToken ct = default)
    {
        var total = 0;
        await Gate.WaitAsync(ct);
        try
        {
            while (true)
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                if (db.IsPostgres)
                {
                    await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(2021020)", ct);
                }

                var last = await db.Audit.IgnoreQueryFilters().Where(a => a.Sequence != null).OrderByDescending(a => a.Sequence)
                    .Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(ct);
                var pending = await db.Audit.IgnoreQueryFilters().Where(a => a.Sequence == null).OrderBy(a => a.Id).Take(2000).ToListAsync(ct);
                if (pending.Count == 0)
                {
                    await tx.CommitAsync(ct);
                    return total;
                }

                var sequence = last?.Sequence ?? 0;
                var previous = last?.Hash ?? AuditChain.Genesis;
                foreach (var entry in pending)
                {
                    entry.Sequence = ++sequence;
                    entry.PreviousHash = previous;
                    entry.Hash = AuditChain.HashOf(entry);
                    previous = entry.Hash;
                }

                // Audit entries are not themselves audited (SaveChangesAsync skips them).
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                total += pending.Count;
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
