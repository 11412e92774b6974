using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain;
using Rongtong.Domain.Policy;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>
/// The guarantor's checker approves or rejects a reviewed application. Approval re-runs every check on
/// the business date and reserves the quota and the weighted liability in the same transaction, with an
/// atomic conditional update of the contended rows at commit, so concurrent approvals can never over-allocate.
/// </summary>
public static class DecideGuarantee
{
    public sealed record Command(long GuaranteeId, bool Approve, string Note);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog)
    {
        public Task<Guarantee> Handle(Command c, CancellationToken ct = default) =>
            Conflicts.RetryAsync(db, async () =>
            {
                var g = await GuaranteeSupport.LoadAsync(db, c.GuaranteeId, x => x.GuarantorId, ct);
                GuaranteeSupport.Require(db, Roles.Checker);
                GuaranteeSupport.RequireStatus(g, GuaranteeStatus.Reviewed);
                if (g.ReviewedBy == db.Viewer.UserId || g.AppliedBy == db.Viewer.UserId)
                {
                    throw new DomainException("FOUR_EYES", "the decision must be made by someone other than who applied or reviewed");
                }

                g.DecidedBy = db.Viewer.UserId;
                g.DecisionNote = c.Note.Trim();
                if (!c.Approve)
                {
                    g.Status = GuaranteeStatus.Rejected;
                    await db.SaveChangesAsync(ct);
                    return g;
                }

                var (checks, limits) = await GuaranteeSupport.CheckWithLimitsAsync(db, catalog, g, db.Viewer.BusinessDate, ct);
                GuaranteeSupport.ThrowIfRefused(checks);
                g.ChecksJson = GuaranteeSupport.ChecksJson(checks);
                await GuaranteeSupport.AdjustReservationsAsync(db, catalog, g, g.Unsecured ? g.AmountFen : 0, new Domain.Money.Money(g.AmountFen), db.Viewer.BusinessDate, ct, limits);
                g.Status = GuaranteeStatus.Approved;
                g.ApprovedOn = db.Viewer.BusinessDate;
                await db.SaveChangesAsync(ct);
                return g;
            }, ct);
    }

    /// <summary>Undo an approval until the bank records the loan: the reservations are released.</summary>
    public sealed class UndoHandler(AppDbContext db, PolicyCatalog catalog)
    {
        public Task<Guarantee> Handle(long guaranteeId, string note, CancellationToken ct = default) =>
            Conflicts.RetryAsync(db, async () =>
            {
                var g = await GuaranteeSupport.LoadAsync(db, guaranteeId, x => x.GuarantorId, ct);
                GuaranteeSupport.Require(db, Roles.Checker);
                GuaranteeSupport.RequireStatus(g, GuaranteeStatus.Approved, GuaranteeStatus.LetterIssued);
                await GuaranteeSupport.AdjustReservationsAsync(db, catalog, g, -g.QuotaReservedFen, new Domain.Money.Money(-g.AmountFen), db.Viewer.BusinessDate, ct, reservedBeforeFen: g.AmountFen);
                g.Status = GuaranteeStatus.Reviewed;
                g.ApprovedOn = null;
                g.DecisionNote = $"approval undone: {note.Trim()}";
                await db.SaveChangesAsync(ct);
                return g;
            }, ct);
    }
}
