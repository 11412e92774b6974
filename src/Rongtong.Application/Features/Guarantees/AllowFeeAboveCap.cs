using Rongtong.Application.Data;
using Rongtong.Domain;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>The regulator allows a fee rate above the 1 % cap for one guarantee, with a recorded reason (三(二) "原则上").</summary>
public static class AllowFeeAboveCap
{
    public sealed record Command(long GuaranteeId, string Reason);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<Guarantee> Handle(Command c, CancellationToken ct = default)
        {
            if (db.Viewer.Kind is not (null or OrganisationKind.Regulator))
            {
                throw new DomainException("FORBIDDEN", "only the regulator grants fee exceptions");
            }

            GuaranteeSupport.Require(db, Roles.Checker);
            if (c.Reason.Trim().Length < 4)
            {
                throw new DomainException("REASON_MISSING", "a fee exception needs a reason");
            }

            var g = await GuaranteeSupport.LoadAsync(db, c.GuaranteeId, null, ct);
            GuaranteeSupport.RequireStatus(g, GuaranteeStatus.Applied, GuaranteeStatus.Reviewed);
            g.FeeExceptionBy = db.Viewer.UserId;
            g.FeeExceptionNote = c.Reason.Trim();
            await db.SaveChangesAsync(ct);
            return g;
        }
    }
}
