using Rongtong.Application.Data;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>The bank reports the borrower's default on the outstanding principal.</summary>
public static class RecordDefault
{
    public sealed class Handler(AppDbContext db)
    {
        public async Task<Guarantee> Handle(long guaranteeId, CancellationToken ct = default)
        {
            var g = await GuaranteeSupport.LoadAsync(db, guaranteeId, x => x.BankId, ct);
            GuaranteeSupport.Require(db, Roles.Maker);
            GuaranteeSupport.RequireStatus(g, GuaranteeStatus.InForce);
            g.DefaultedFen = g.OutstandingFen;
            g.Status = GuaranteeStatus.Defaulted;
            if (await GuaranteeSupport.LoanOfAsync(db, g, ct) is { } loan)
            {
                loan.State = "defaulted";
            }

            await db.SaveChangesAsync(ct);
            return g;
        }
    }
}
