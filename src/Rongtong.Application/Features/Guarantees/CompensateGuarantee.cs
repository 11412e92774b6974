using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain.Guarantees;
using Rongtong.Domain.Ledger;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Rules;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>
/// 代偿 (P4): the guarantor pays the bank the defaulted amount less the bank's 20 %; the national fund and
/// the provincial re-guarantor each owe the guarantor 20 % — less under a 限率代偿 cap.
/// </summary>
public static class CompensateGuarantee
{
    public sealed record Outcome(Guarantee Guarantee, RiskShares Shares, bool CapApplied);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog, TimeProvider clock)
    {
        public Task<Outcome> Handle(long guaranteeId, CancellationToken ct = default) =>
            Conflicts.RetryAsync(db, async () =>
            {
                var g = await GuaranteeSupport.LoadAsync(db, guaranteeId, x => x.GuarantorId, ct);
                GuaranteeSupport.Require(db, Roles.Checker);
                GuaranteeSupport.RequireStatus(g, GuaranteeStatus.Defaulted);
                var asOf = db.Viewer.BusinessDate;
                var (version, within) = GuaranteeSupport.SharingTerms(catalog, g, asOf);
                var loss = new Domain.Money.Money(g.DefaultedFen);
                decimal? cap = null;
                var before = Domain.Money.Money.Zero;
                var issued = Domain.Money.Money.Zero;
                if (g.BatchAgreementId is { } agreementId && await db.BatchAgreements.FirstOrDefaultAsync(a => a.Id == agreementId, ct) is { CompensationRateCap: { } c } agreement)
                {
                    cap = c;
                    // Two compensations under one agreement must not both use the same room under its cap: the agreement's
                    // version (raised by this write although nothing else in it changes) lets only one of them commit; the
                    // other re-reads what was compensated before it and decides again.
                    db.Entry(agreement).Property(x => x.Version).IsModified = true;
                    var yearStart = CompensationCap.AgreementYearStart(agreement.ValidFrom, asOf);
                    var same = db.Guarantees.IgnoreQueryFilters().AsNoTracking().Where(x => x.BatchAgreementId == agreement.Id);
                    before = new Domain.Money.Money(await same.Where(x => x.CompensatedOn >= yearStart).SumAsync(x => (long?)x.CompensatedFen, ct) ?? 0);
                    issued = new Domain.Money.Money(await same.Where(x => x.InForceOn >= yearStart).SumAsync(x => (long?)x.AmountFen, ct) ?? 0);
                }

                var (shares, applied) = CompensationCap.Shares(loss, cap, before, issued, version, within);
                var parties = await GuaranteeSupport.PartiesAsync(db, g, ct);
                var liability = RiskSharingRule.Split(loss, version, within).GuarantorPaysBank;
                await GuaranteeSupport.PostAsync(db, GuaranteePostings.Compensation(parties, g.Number, asOf, shares, liability), g.Id, clock, ct, principalFen: -loss.Fen);
                await GuaranteeSupport.AdjustReservationsAsync(db, catalog, g, g.Unsecured ? -g.QuotaReservedFen : 0, -loss, asOf, ct, reservedBeforeFen: g.OutstandingFen);
                g.CompensatedFen = loss.Fen;
                g.OutstandingFen = 0;
                g.CompensatedOn = asOf;
                g.Status = GuaranteeStatus.Compensated;
                g.DecisionNote = applied ? $"{CompensationCap.Applied}: the agreement's compensation-rate cap was reached; the guarantor bears the excess" : g.DecisionNote;
                await db.SaveChangesAsync(ct);
                return new Outcome(g, shares, applied);
            }, ct);
    }
}
