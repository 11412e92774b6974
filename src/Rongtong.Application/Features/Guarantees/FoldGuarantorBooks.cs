using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>
/// Folds pending releases (<see cref="GuarantorBookDelta"/>) into the guarantors' books, about once a second
/// (the web host's housekeeping). Exactly the deltas read are deleted and added, in one transaction, so a
/// release committed meanwhile waits for the next fold; if another fold deleted some first, this one rolls
/// back — none is counted twice or lost. Readers add the
/// pending deltas themselves, so the book they see never depends on when this runs.
/// </summary>
public static class FoldGuarantorBooks
{
    public const int Batch = 5000;

    /// <summary>Folds what is pending; returns how many deltas it folded.</summary>
    public static async Task<int> RunAsync(AppDbContext db, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var pending = await db.GuarantorBookDeltas.AsNoTracking().OrderBy(d => d.Id).Take(Batch).ToListAsync(ct);
        foreach (var book in pending.GroupBy(d => d.GuarantorId))
        {
            var (guarantor, fen, ids) = (book.Key, book.Sum(d => d.WeightedFen), book.Select(d => d.Id).ToList());
            if (await db.GuarantorBookDeltas.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(ct) != ids.Count)
            {
                return 0; // another fold (another node) took some of them first: roll back, the next tick folds what is left
            }

            await db.GuarantorBooks.Where(b => b.GuarantorId == guarantor)
                .ExecuteUpdateAsync(u => u.SetProperty(b => b.WeightedLiabilityFen, b => b.WeightedLiabilityFen + fen).SetProperty(b => b.Version, b => b.Version + 1), ct);
        }

        await tx.CommitAsync(ct);
        return pending.Count;
    }
}
