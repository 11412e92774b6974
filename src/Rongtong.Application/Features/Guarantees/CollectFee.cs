using Rongtong.Application.Data;
using Rongtong.Domain;
using Rongtong.Domain.Ledger;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>The guarantor records a fee it collected.</summary>
public static class CollectFee
{
    public sealed record Command(long GuaranteeId, Domain.Money.Money Amount);

    public sealed class Handler(AppDbContext db, TimeProvider clock)
    {
        public async Task<Guarantee> Handle(Command c, CancellationToken ct = default)
        {
            var g = await GuaranteeSupport.LoadAsync(db, c.GuaranteeId, x => x.GuarantorId, ct);
            GuaranteeSupport.Require(db, Roles.Maker);
            if (c.Amount.Fen <= 0 || g.FeeCollectedFen + c.Amount.Fen > g.FeeChargedFen)
            {
                throw DomainException.Field("AMOUNT_INVALID", "amount", $"a fee collection is positive and at most the fee still due ({new Domain.Money.Money(g.FeeChargedFen - g.FeeCollectedFen)})");
            }

            await GuaranteeSupport.PostAsync(db, GuaranteePostings.FeeCollected(await GuaranteeSupport.PartiesAsync(db, g, ct), g.Number, db.Viewer.BusinessDate, c.Amount), g.Id, clock, ct);
            g.FeeCollectedFen += c.Amount.Fen;
            await db.SaveChangesAsync(ct);
            return g;
        }
    }
}
