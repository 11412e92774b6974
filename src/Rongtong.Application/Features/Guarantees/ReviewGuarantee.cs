using Rongtong.Application.Data;
using Rongtong.Domain;
using Rongtong.Domain.Policy;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>
/// The guarantor's maker reviews an application (经办); optionally records or revises the R&amp;D justification
/// for exceeding the quota. A different person — a checker — decides.
/// </summary>
public static class ReviewGuarantee
{
    public sealed record Command(long GuaranteeId, string Note, string? ExceedJustification = null);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog)
    {
        public async Task<Guarantee> Handle(Command c, CancellationToken ct = default)
        {
            var g = await GuaranteeSupport.LoadAsync(db, c.GuaranteeId, x => x.GuarantorId, ct);
            GuaranteeSupport.Require(db, Roles.Maker);
            GuaranteeSupport.RequireStatus(g, GuaranteeStatus.Applied, GuaranteeStatus.Reviewed);
            if (c.ExceedJustification is { } j && j.Trim().Length > 0 && j.Trim() != g.ExceedJustification)
            {
                g.ExceedJustification = j.Trim();
                g.ExceedRecordedBy = db.Viewer.UserId;
                g.ExceedApprovedBy = null;
            }

            g.ReviewedBy = db.Viewer.UserId;
            g.DecisionNote = c.Note.Trim();
            g.Status = GuaranteeStatus.Reviewed;
            g.ChecksJson = GuaranteeSupport.ChecksJson(await GuaranteeSupport.ChecksAsync(db, catalog, g, db.Viewer.BusinessDate, ct));
            await db.SaveChangesAsync(ct);
            return g;
        }
    }

    /// <summary>A checker other than the person who recorded it approves the quota-exceeding justification (三(二)).</summary>
    public sealed class ApproveJustificationHandler(AppDbContext db)
    {
        public async Task<Guarantee> Handle(long guaranteeId, CancellationToken ct = default)
        {
            var g = await GuaranteeSupport.LoadAsync(db, guaranteeId, x => x.GuarantorId, ct);
            GuaranteeSupport.Require(db, Roles.Checker);
            GuaranteeSupport.RequireStatus(g, GuaranteeStatus.Applied, GuaranteeStatus.Reviewed);
            if (g.ExceedJustification.Length == 0)
            {
                throw new DomainException("JUSTIFICATION_MISSING", "no R&D justification is recorded");
            }

            if (g.ExceedRecordedBy == db.Viewer.UserId)
            {
                throw new DomainException("FOUR_EYES", "the justification must be approved by someone other than who recorded it");
            }

            g.ExceedApprovedBy = db.Viewer.UserId;
            await db.SaveChangesAsync(ct);
            return g;
        }
    }
}
