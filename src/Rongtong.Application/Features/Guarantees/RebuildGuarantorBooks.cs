using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Domain.Policy;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>
/// Rebuilds every guarantor's P6 book from its live guarantees (approved, letter issued, in force, defaulted): each
/// one's principal still reserved, weighted as an approval reserves it (<see cref="GuaranteeSupport.Weighted"/>), summed
/// into the book's row, its release slots emptied. Run by the migration that changed what the book counts
/// (<c>LiabilityBook</c>: the guarantor's liability instead of the whole principal), before the platform serves
/// requests; the book is then what the approvals and releases since would have made it.
/// </summary>
public static class RebuildGuarantorBooks
{
    public sealed record Result(int Books, long WeightedFen);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog)
    {
        public async Task<Result> Handle(CancellationToken ct = default)
        {
            var books = await db.GuarantorBooks.IgnoreQueryFilters().ToListAsync(ct);
            if (books.Count == 0)
            {
                return new Result(0, 0);
            }

            var live = await db.Guarantees.IgnoreQueryFilters().AsNoTracking()
                .Where(g => g.Status == GuaranteeStatus.Approved || g.Status == GuaranteeStatus.LetterIssued || g.Status == GuaranteeStatus.InForce || g.Status == GuaranteeStatus.Defaulted)
                .ToListAsync(ct);
            var weighted = live.GroupBy(g => g.GuarantorId)
                .ToDictionary(x => x.Key, x => x.Sum(g => GuaranteeSupport.Weighted(catalog, g, g.OutstandingFen, g.ApprovedOn ?? g.AppliedOn)));
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var book in books)
            {
                book.WeightedLiabilityFen = weighted.GetValueOrDefault(book.GuarantorId);
            }

            await db.SaveChangesAsync(ct);
            await db.GuarantorBookReleases.IgnoreQueryFilters().ExecuteUpdateAsync(u => u.SetProperty(r => r.WeightedFen, 0L), ct);
            await transaction.CommitAsync(ct);
            return new Result(books.Count, weighted.Values.Sum());
        }
    }
}
