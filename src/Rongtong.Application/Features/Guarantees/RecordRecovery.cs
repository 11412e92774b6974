using Rongtong.Application.Data;
using Rongtong.Domain;
using Rongtong.Domain.Ledger;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Rules;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>追偿: the guarantor records money recovered from the borrower; it flows back in the ratio the loss was borne (4:2:2:2 unless a 限率代偿 cap applied).</summary>
public static class RecordRecovery
{
    public sealed record Command(long GuaranteeId, Domain.Money.Money Amount, bool Final);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog, TimeProvider clock)
    {
        public async Task<(Guarantee Guarantee, RiskShares Shares)> Handle(Command c, CancellationToken ct = default)
        {
            var g = await GuaranteeSupport.LoadAsync(db, c.GuaranteeId, x => x.GuarantorId, ct);
            GuaranteeSupport.Require(db, Roles.Maker);
            GuaranteeSupport.RequireStatus(g, GuaranteeStatus.Compensated, GuaranteeStatus.Recovering);
            if (c.Amount.Fen <= 0 || g.RecoveredFen + c.Amount.Fen > g.CompensatedFen)
            {
                throw DomainException.Field("AMOUNT_INVALID", "amount", "a recovery is positive and recoveries never exceed the compensated loss");
            }

            var asOf = db.Viewer.BusinessDate;
            var (version, within) = GuaranteeSupport.SharingTerms(catalog, g, asOf);
            var parties = await GuaranteeSupport.PartiesAsync(db, g, ct);
            var borne = await GuaranteeSupport.BorneAsync(db, g, parties, RiskSharingRule.Split(c.Amount, version, within).Clause, ct);
            var shares = RiskSharingRule.SplitRecovery(c.Amount, borne, version, within);
            await GuaranteeSupport.PostAsync(db, GuaranteePostings.Recovery(parties, g.Number, asOf, shares), g.Id, clock, ct);
            g.RecoveredFen += c.Amount.Fen;
            g.Status = c.Final || g.RecoveredFen == g.CompensatedFen ? GuaranteeStatus.Closed : GuaranteeStatus.Recovering;
            await db.SaveChangesAsync(ct);
            return (g, shares);
        }
    }

    /// <summary>Closes a compensated guarantee when no more can be recovered.</summary>
    public sealed class CloseHandler(AppDbContext db)
    {
        public async Task<Guarantee> Handle(long guaranteeId, CancellationToken ct = default)
        {
            var g = await GuaranteeSupport.LoadAsync(db, guaranteeId, x => x.GuarantorId, ct);
            GuaranteeSupport.Require(db, Roles.Checker);
            GuaranteeSupport.RequireStatus(g, GuaranteeStatus.Compensated, GuaranteeStatus.Recovering);
            g.Status = GuaranteeStatus.Closed;
            await db.SaveChangesAsync(ct);
            return g;
        }
    }
}
