using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;

namespace Rongtong.Application.Features.Platform;

/// <summary>Walks the audit log in order and checks every entry's hash and link (<c>rongtong audit verify</c>).</summary>
public static class VerifyAudit
{
    public sealed record Result(bool Intact, long Entries, long? FirstBrokenId, string Message);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<Result> Handle(CancellationToken ct = default)
        {
            // Chain what has been committed since the chainer last ran, then walk the whole chain.
            await AuditChainer.ChainAsync(db, ct);
            db.ChangeTracker.Clear();
            var previous = AuditChain.Genesis;
            long count = 0;
            long lastSequence = 0;
            while (true)
            {
                var page = await db.Audit.IgnoreQueryFilters().AsNoTracking().Where(a => a.Sequence > lastSequence).OrderBy(a => a.Sequence).Take(10_000).ToListAsync(ct);
                if (page.Count == 0)
                {
                    return new Result(true, count, null, $"audit log intact: {count} entries");
                }

                foreach (var entry in page)
                {
                    if (entry.Sequence != lastSequence + 1 || entry.PreviousHash != previous)
                    {
                        return new Result(false, count, entry.Id, $"entry {entry.Id} does not link to the entry before it (an entry was removed or reordered)");
                    }

                    if (!AuditChain.Verifies(entry))
                    {
                        return new Result(false, count, entry.Id, $"entry {entry.Id} was altered: its content no longer matches its hash");
                    }

                    previous = entry.Hash;
                    count++;
                    lastSequence = entry.Sequence!.Value;
                }
            }
        }
    }
}
