using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Domain.Policy;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>
/// Rebuilds every guarantor's P6 book from its live guarantees (approved, letter issued, in force, defaulted): for each
/// borrower, the principal they still reserve and its weighted liability (<see cref="GuaranteeSupport.Weighted"/>, on the
/// borrower's whole balance with the guarantor), kept as the borrower's part of the book; the book's row holds their
/// sum, its release slots emptied. Run at start, before the platform serves requests, when live guarantees have no
/// borrower's part of a book: after the migration that changed what the book counts (<c>LiabilityBook</c>: the
/// guarantor's liability instead of the whole principal, the small/micro weight on the borrower's balance instead of
/// each guarantee's amount), or after a start that died before this rebuild committed.
/// </summary>
public static class RebuildGuarantorBooks
{
    public sealed record Result(int Books, int Borrowers, long WeightedFen);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog)
    {
        public async Task<Result> Handle(CancellationToken ct = default)
        {
            var live = await db.Guarantees.IgnoreQueryFilters().AsNoTracking().Where(g => GuaranteeSupport.Live.Contains(g.Status)).ToListAsync(ct);
            var parts = live.GroupBy(g => (g.GuarantorId, g.EnterpriseId)).Select(b =>
            {
                var balance = b.Sum(g => g.OutstandingFen);
                return new GuarantorBorrowerBook
                {
                    GuarantorId = b.Key.GuarantorId, EnterpriseId = b.Key.EnterpriseId, PrincipalFen = balance,
                    WeightedFen = b.Sum(g => GuaranteeSupport.Weighted(catalog, g.SmallMicroBorrower, g.ApprovedOn, g.OutstandingFen, balance, g.AppliedOn)),
                    SmallMicroCount = b.Count(g => g.SmallMicroBorrower && g.OutstandingFen > 0),
                };
            }).ToList();

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.GuarantorBorrowerBooks.ExecuteDeleteAsync(ct);
            db.GuarantorBorrowerBooks.AddRange(parts);
            var books = await db.GuarantorBooks.ToListAsync(ct);
            foreach (var book in books)
            {
                book.WeightedLiabilityFen = parts.Where(p => p.GuarantorId == book.GuarantorId).Sum(p => p.WeightedFen);
            }

            await db.SaveChangesAsync(ct);
            await db.GuarantorBookReleases.ExecuteUpdateAsync(u => u.SetProperty(r => r.WeightedFen, 0L), ct);
            await transaction.CommitAsync(ct);
            return new Result(books.Count, parts.Count, parts.Sum(p => p.WeightedFen));
        }
    }
}
