using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain;
using Rongtong.Domain.Ledger;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>The national fund or the provincial re-guarantor confirms and pays its share of a compensation.</summary>
public static class ConfirmReguarantee
{
    public sealed class Handler(AppDbContext db, TimeProvider clock)
    {
        public Task<LedgerEntry> Handle(long guaranteeId, CancellationToken ct = default)
        {
            var v = db.Viewer;
            if (v.Kind is not (OrganisationKind.NationalFund or OrganisationKind.ProvincialReguarantor) || v.OrganisationId is not { } me)
            {
                throw new DomainException("FORBIDDEN", "only the national fund or the provincial re-guarantor confirms its share");
            }

            GuaranteeSupport.Require(db, Roles.Checker);
            return Conflicts.RetryAsync(db, async () =>
            {
                var g = await GuaranteeSupport.LoadAsync(db, guaranteeId, null, ct);
                GuaranteeSupport.RequireStatus(g, GuaranteeStatus.Compensated, GuaranteeStatus.Recovering, GuaranteeStatus.Closed);
                // The guarantee is visible to the caller, and only the caller's own legs count.
                var legs = await GuaranteeSupport.LegsAsync(db, g.Id, ct);
                var owed = -legs.Where(p => p.PartyId == me && p.Purpose == (int)AccountPurpose.ReguaranteePayable).Sum(p => p.Fen);
                if (owed <= 0)
                {
                    throw new DomainException("REGUARANTEE_SETTLED_CONFLICT", "nothing is owed on this guarantee");
                }

                // Two confirmations that read the same legs must not both pay: the guarantee's version (raised by this write
                // although nothing else in it changes) lets only one of them commit; the other re-reads and finds nothing owed.
                db.Entry(g).Property(x => x.Version).IsModified = true;
                var entry = await GuaranteeSupport.PostAsync(db, GuaranteePostings.ReguaranteeSettled(me, g.GuarantorId, g.Number, v.BusinessDate, new Domain.Money.Money(owed)), g.Id, clock, ct);
                await db.SaveChangesAsync(ct);
                return entry;
            }, ct);
        }
    }
}
