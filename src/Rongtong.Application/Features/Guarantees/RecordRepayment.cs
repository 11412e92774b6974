using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain;
using Rongtong.Domain.Ledger;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Rules;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>The bank records a repayment of principal: the liability on it is released; fully repaid → released.</summary>
public static class RecordRepayment
{
    public sealed record Command(long GuaranteeId, Domain.Money.Money Amount);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog, TimeProvider clock)
    {
        public Task<Guarantee> Handle(Command c, CancellationToken ct = default) =>
            Conflicts.RetryAsync(db, async () =>
            {
                var g = await GuaranteeSupport.LoadAsync(db, c.GuaranteeId, x => x.BankId, ct);
                GuaranteeSupport.Require(db, Roles.Maker);
                GuaranteeSupport.RequireStatus(g, GuaranteeStatus.InForce);
                if (c.Amount.Fen <= 0 || c.Amount.Fen > g.OutstandingFen)
                {
                    throw DomainException.Field("AMOUNT_INVALID", "amount", $"a repayment is between 0.01 and the outstanding {new Domain.Money.Money(g.OutstandingFen)}");
                }

                var asOf = db.Viewer.BusinessDate;
                var (version, within) = GuaranteeSupport.SharingTerms(catalog, g, asOf);
                var parties = await GuaranteeSupport.PartiesAsync(db, g, ct);
                var before = RiskSharingRule.Split(new Domain.Money.Money(g.OutstandingFen), version, within).GuarantorPaysBank;
                var after = RiskSharingRule.Split(new Domain.Money.Money(g.OutstandingFen - c.Amount.Fen), version, within).GuarantorPaysBank;
                await GuaranteeSupport.PostAsync(db, GuaranteePostings.Release(parties, g.Number, asOf, before - after), g.Id, clock, ct, principalFen: -c.Amount.Fen);
                g.OutstandingFen -= c.Amount.Fen;
                await GuaranteeSupport.AdjustReservationsAsync(db, catalog, g, g.Unsecured ? -Math.Min(g.QuotaReservedFen, c.Amount.Fen) : 0, -c.Amount, asOf, ct,
                    reservedBeforeFen: g.OutstandingFen + c.Amount.Fen);
                if (await GuaranteeSupport.LoanOfAsync(db, g, ct) is { } loan)
                {
                    loan.OutstandingFen = Math.Max(0, loan.OutstandingFen - c.Amount.Fen);
                    loan.State = loan.OutstandingFen == 0 ? "repaid" : loan.State;
                }

                if (g.OutstandingFen == 0)
                {
                    g.Status = GuaranteeStatus.Released;
                    g.ReleasedOn = asOf;
                }

                await db.SaveChangesAsync(ct);
                return g;
            }, ct);
    }
}
