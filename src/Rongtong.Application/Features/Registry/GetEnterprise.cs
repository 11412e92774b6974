using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Rules;

namespace Rongtong.Application.Features.Registry;

/// <summary>
/// One enterprise as the viewer may see it: registry fields, taxes (if consented or own), its
/// determination for a date with the explanation tree, and the history of changed fields. A bank's
/// read under consent is logged for the enterprise to see. Not visible → null (the API answers 404).
/// </summary>
public static class GetEnterprise
{
    public sealed record Query(long Id, DateOnly AsOf);

    public sealed record TaxRow(int Year, string TaxPaid);

    public sealed record Change(string Field, string OldValue, string NewValue, DateTimeOffset ChangedAt);

    public sealed record DeterminationView(DateOnly AsOf, string PolicyVersion, bool IsKey, string SectorBasis, bool QuotaExceedable, string? Quota, string Reasons, ExplanationNode Explanation);

    public sealed record GuaranteeRow(long Id, string Number, string Amount, string Outstanding, string Status);

    public sealed record LoanRow(long Id, string Reference, string Principal, string Outstanding, string State, bool FirstLoan, DateOnly DisbursedOn, int TermMonths);

    /// <summary>The credit profile: what the viewer may see of the enterprise (a bank: what its consent's scope covers).</summary>
    public sealed record View(Enterprise Enterprise, IReadOnlyList<TaxRow> Taxes, DeterminationView? Determination, IReadOnlyList<Change> History,
        IReadOnlyList<GuaranteeRow> Guarantees, IReadOnlyList<LoanRow> Loans);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog, TimeProvider clock)
    {
        public async Task<View?> Handle(Query q, CancellationToken ct = default)
        {
            var e = await db.Enterprises.AsNoTracking().FirstOrDefaultAsync(x => x.Id == q.Id, ct);
            if (e is null)
            {
                return null;
            }

            var taxes = await db.TaxRecords.AsNoTracking().Where(t => t.EnterpriseId == q.Id).OrderByDescending(t => t.Year)
                .Select(t => new { t.Year, t.TaxPaidFen }).ToListAsync(ct);
            var d = await db.Determinations.AsNoTracking().FirstOrDefaultAsync(x => x.EnterpriseId == q.Id && x.AsOf == q.AsOf, ct);
            var history = await db.EnterpriseChanges.AsNoTracking().Where(c => c.EnterpriseId == q.Id).OrderByDescending(c => c.Id).Take(100)
                .Select(c => new Change(c.Field, c.OldValue, c.NewValue, c.ChangedAt)).ToListAsync(ct);

            if (db.Viewer.OrganisationId is { } org && !db.Viewer.SeesAll && db.Viewer.EnterpriseId != q.Id)
            {
                var consent = await db.Consents.AsNoTracking()
                    .Where(c => c.EnterpriseId == q.Id && c.GranteeOrganisationId == org && c.RevokedAt == null && c.ValidUntil >= db.Viewer.BusinessDate)
                    .OrderByDescending(c => c.ValidUntil).FirstAsync(ct);
                db.ConsentAccesses.Add(new ConsentAccess
                {
                    ConsentId = consent.Id, EnterpriseId = q.Id, OrganisationId = org, UserId = db.Viewer.UserId ?? Guid.Empty,
                    What = $"profile as of {q.AsOf:yyyy-MM-dd}", At = clock.GetUtcNow(),
                });
                await db.SaveChangesAsync(ct);
            }

            var guarantees = await db.Guarantees.AsNoTracking().Where(g => g.EnterpriseId == q.Id).OrderByDescending(g => g.Id).Take(100)
                .Select(g => new GuaranteeRow(g.Id, g.Number, new Domain.Money.Money(g.AmountFen).ToString(), new Domain.Money.Money(g.OutstandingFen).ToString(), g.Status.ToString()))
                .ToListAsync(ct);
            var loans = await db.Loans.AsNoTracking().Where(l => l.EnterpriseId == q.Id).OrderByDescending(l => l.Id).Take(100)
                .Select(l => new LoanRow(l.Id, l.Reference, new Domain.Money.Money(l.PrincipalFen).ToString(), new Domain.Money.Money(l.OutstandingFen).ToString(), l.State, l.FirstLoan, l.DisbursedOn, l.TermMonths))
                .ToListAsync(ct);
            return new View(e,
                [.. taxes.Select(t => new TaxRow(t.Year, new Domain.Money.Money(t.TaxPaidFen).ToString()))],
                d is null ? null : new DeterminationView(d.AsOf, d.PolicyVersion, d.IsKey, d.SectorBasis, d.QuotaExceedable,
                    d.QuotaFen is { } f ? new Domain.Money.Money(f).ToString() : null, d.Reasons, DetermineEnterprises.Explain(d, catalog)),
                history, guarantees, loans);
        }
    }
}
