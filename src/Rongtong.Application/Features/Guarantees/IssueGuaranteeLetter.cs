using Rongtong.Application.Data;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>The guarantor issues the 担保函 of an approved guarantee (the PDF is rendered by <see cref="GuaranteeLetter"/>).</summary>
public static class IssueGuaranteeLetter
{
    public sealed class Handler(AppDbContext db)
    {
        public async Task<Guarantee> Handle(long guaranteeId, CancellationToken ct = default)
        {
            var g = await GuaranteeSupport.LoadAsync(db, guaranteeId, x => x.GuarantorId, ct);
            GuaranteeSupport.Require(db, Roles.Maker);
            GuaranteeSupport.RequireStatus(g, GuaranteeStatus.Approved);
            g.Status = GuaranteeStatus.LetterIssued;
            await db.SaveChangesAsync(ct);
            return g;
        }
    }
}
