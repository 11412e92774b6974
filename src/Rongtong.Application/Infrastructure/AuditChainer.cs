using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;

namespace Rongtong.Application.Infrastructure;

/// <summary>
/// Chains committed audit entries: in Id order, each unchained entry gets the next sequence number, the
/// previous entry's hash and its chain hash (over its content hash, computed when it was written). One
/// chainer at a time (an in-process lock, and on PostgreSQL an advisory transaction lock across nodes), so
/// the chain is a single line even with many writers — and the writers themselves never wait for it. An
/// entry committed late with a lower Id is simply chained later. Only narrow columns are read and written:
/// the entries' content (their before and after values) is never read back.
/// </summary>
public static class AuditChainer
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private sealed record Link(long Id, long Sequence, string PreviousHash, string ContentHash, string Hash);

    /// <summary>
    /// Chains everything committed so far; returns how many entries it chained. Chains nothing while the database
    /// holds a migration this build does not know: a newer version's node has upgraded the schema, and its entries
    /// (their content, the hash's formula) are for that version's chainer to link — one chained in an older format
    /// would later fail verification as altered.
    /// </summary>
    public static async Task<int> ChainAsync(AppDbContext db, CancellationToken ct = default)
    {
        if (await SchemaIsNewerAsync(db, ct))
        {
            return 0;
        }

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
                var pending = await db.Audit.IgnoreQueryFilters().Where(a => a.Sequence == null).OrderBy(a => a.Id).Take(2000)
                    .Select(a => new { a.Id, a.ContentHash }).ToListAsync(ct);
                if (pending.Count == 0)
                {
                    await tx.CommitAsync(ct);
                    return total;
                }

                // Entries written before content hashes existed get theirs now, from their stored content.
                var missing = pending.Where(p => p.ContentHash.Length == 0).Select(p => p.Id).ToList();
                var computed = missing.Count == 0 ? [] : await db.Audit.IgnoreQueryFilters().AsNoTracking().Where(a => missing.Contains(a.Id))
                    .ToDictionaryAsync(a => a.Id, AuditChain.ContentHashOf, ct);

                var sequence = last?.Sequence ?? 0;
                var previous = last?.Hash ?? AuditChain.Genesis;
                var links = new List<Link>(pending.Count);
                foreach (var p in pending)
                {
                    var content = p.ContentHash.Length > 0 ? p.ContentHash : computed[p.Id];
                    var hash = AuditChain.Link(++sequence, previous, content);
                    links.Add(new Link(p.Id, sequence, previous, content, hash));
                    previous = hash;
                }

                await WriteAsync(db, links, ct);
                await tx.CommitAsync(ct);
                total += pending.Count;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Whether the database has a migration applied that this build does not have.</summary>
    public static async Task<bool> SchemaIsNewerAsync(AppDbContext db, CancellationToken ct = default)
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        return (await db.Database.GetAppliedMigrationsAsync(ct)).Any(m => !known.Contains(m));
    }

    /// <summary>Writes the links: on PostgreSQL one statement over arrays; on SQLite one update per entry in a batch.</summary>
    private static async Task WriteAsync(AppDbContext db, List<Link> links, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            var ids = links.Select(l => l.Id).ToArray();
            var sequences = links.Select(l => l.Sequence).ToArray();
            var previous = links.Select(l => l.PreviousHash).ToArray();
            var contents = links.Select(l => l.ContentHash).ToArray();
            var hashes = links.Select(l => l.Hash).ToArray();
            await db.Database.ExecuteSqlAsync(
                $"""
                UPDATE "Audit" AS a SET "Sequence" = v.s, "PreviousHash" = v.p, "ContentHash" = v.c, "Hash" = v.h
                FROM unnest({ids}, {sequences}, {previous}, {contents}, {hashes}) AS v(i, s, p, c, h)
                WHERE a."Id" = v.i
                """, ct);
            return;
        }

        // Stubs carrying only the key: the update names the chain's columns alone.
        foreach (var l in links)
        {
            var stub = new AuditEntry { Id = l.Id, Action = "", Entity = "", EntityKey = "", PreviousHash = "", Hash = "" };
            var entry = db.Audit.Attach(stub);
            stub.Sequence = l.Sequence;
            stub.PreviousHash = l.PreviousHash;
            stub.ContentHash = l.ContentHash;
            stub.Hash = l.Hash;
            foreach (var name in new[] { nameof(AuditEntry.Sequence), nameof(AuditEntry.PreviousHash), nameof(AuditEntry.ContentHash), nameof(AuditEntry.Hash) })
            {
                entry.Property(name).IsModified = true;
            }
        }

        // Audit entries are not themselves audited (SaveChangesAsync skips them).
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}
