using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Guarantees;
using Rongtong.Domain;
using Rongtong.Domain.Policy;

namespace Rongtong.Application.Features.Credit;

/// <summary>An enterprise posts a loan demand (二(二)); the platform attaches its key status on the business date.</summary>
public static class PostDemand
{
    public sealed record Command(Domain.Money.Money Amount, int TermMonths, bool Unsecured, string Purpose, long? EnterpriseId = null);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog)
    {
        public async Task<LoanDemand> Handle(Command c, CancellationToken ct = default)
        {
            var v = db.Viewer;
            var enterprise = v.Kind switch
            {
                OrganisationKind.Enterprise when c.EnterpriseId is { } named && named != v.EnterpriseId => throw new DomainException("FORBIDDEN", "an enterprise posts demands for itself only"),
                OrganisationKind.Enterprise => v.EnterpriseId ?? throw new DomainException("FORBIDDEN", "no enterprise"),
                null or OrganisationKind.Regulator => c.EnterpriseId ?? throw new DomainException("ENTERPRISE_REQUIRED", "name the enterprise"),
                _ => throw new DomainException("FORBIDDEN", "an enterprise posts its own demands (the regulator imports the platform's feed)"),
            };
            new FieldChecks("DEMAND_INVALID")
                .Check(c.Amount.Fen > 0, "amount", "must be positive")
                .Check(c.TermMonths is >= 1 and <= 600, "termMonths", "1–600 months")
                .ThrowIfAny();

            if (!await db.Enterprises.IgnoreQueryFilters().AnyAsync(e => e.Id == enterprise, ct))
            {
                throw new DomainException("NOT_FOUND", "no such enterprise");
            }

            var d = await GuaranteeSupport.DeterminationAsync(db, catalog, enterprise, v.BusinessDate, ct);
            var demand = new LoanDemand
            {
                EnterpriseId = enterprise, AmountFen = c.Amount.Fen, TermMonths = c.TermMonths, Unsecured = c.Unsecured, Purpose = c.Purpose.Trim(),
                KeyEnterprise = d.IsKey, PostedOn = v.BusinessDate, Source = v.Kind == OrganisationKind.Enterprise ? "enterprise" : "platform",
            };
            db.LoanDemands.Add(demand);
            await db.SaveChangesAsync(ct);
            return demand;
        }
    }
}
