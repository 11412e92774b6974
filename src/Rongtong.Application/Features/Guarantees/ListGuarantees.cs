using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Domain.Money;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>The guarantees the viewer may see (its bank's, its guarantor's, its own as an enterprise; all for the regulator and re-guarantors).</summary>
public static class ListGuarantees
{
    public sealed record Item(long Id, string Number, long EnterpriseId, string EnterpriseName, Guid BankId, Guid GuarantorId, string Amount, string Outstanding,
        decimal FeeRate, string Status, DateOnly AppliedOn, long? BatchAgreementId, string Programmes);

    public sealed record Detail(Item Summary, string ChecksJson, string ExceedJustification, bool ExceedApproved, bool FeeException, string DecisionNote,
        string Compensated, string Recovered, string FeeCharged, string FeeCollected, int RateDiscountBp, long? LoanId, DateOnly StartDate, DateOnly EndDate,
        IReadOnlyList<Entry> Ledger);

    public sealed record Entry(long Id, DateOnly BusinessDate, string EventType, IReadOnlyList<Leg> Legs);

    public sealed record Leg(Guid Party, string Account, string Amount);

    public sealed class Handler(AppDbContext db)
    {
        public async Task<IReadOnlyList<Item>> Handle(string? status, CancellationToken ct = default)
        {
            var q = db.Guarantees.AsNoTracking();
            if (Enum.TryParse<GuaranteeStatus>(status, true, out var s))
            {
                q = q.Where(g => g.Status == s);
            }

            var rows = await q.OrderByDescending(g => g.Id).Take(500).ToListAsync(ct);
            // The names in a second query: IgnoreQueryFilters anywhere in a query lifts the filters of the whole query,
            // the guarantees' included, so inside the first one it showed every viewer every guarantee.
            var ids = rows.Select(g => g.EnterpriseId).Distinct().ToList();
            var names = await db.Enterprises.IgnoreQueryFilters().Where(e => ids.Contains(e.Id)).Select(e => new { e.Id, e.Name }).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
            return [.. rows.Select(g => ToItem(g, names.GetValueOrDefault(g.EnterpriseId, "")))];
        }

        public async Task<Detail?> Get(long id, CancellationToken ct = default)
        {
            var g = await db.Guarantees.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (g is null)
            {
                return null;
            }

            var name = await db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == g.EnterpriseId).Select(e => e.Name).FirstAsync(ct);
            var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.GuaranteeId == id).Include(e => e.Postings).OrderBy(e => e.Id).ToListAsync(ct);
            return new Detail(ToItem(g, name), g.ChecksJson, g.ExceedJustification, g.ExceedApprovedBy is not null, g.FeeExceptionBy is not null, g.DecisionNote,
                new Money(g.CompensatedFen).ToString(), new Money(g.RecoveredFen).ToString(), new Money(g.FeeChargedFen).ToString(), new Money(g.FeeCollectedFen).ToString(),
                g.RateDiscountBp, g.LoanId, g.StartDate, g.EndDate,
                [.. entries.Select(e => new Entry(e.Id, e.BusinessDate, e.EventType, [.. e.Postings.Select(p => new Leg(p.PartyId, ((Domain.Ledger.AccountPurpose)p.Purpose).ToString(), new Money(p.Fen).ToString()))]))]);
        }
    }

    private static Item ToItem(Guarantee g, string name) =>
        new(g.Id, g.Number, g.EnterpriseId, name, g.BankId, g.GuarantorId, new Money(g.AmountFen).ToString(), new Money(g.OutstandingFen).ToString(), g.FeeRate,
            g.Status.ToString(), g.AppliedOn, g.BatchAgreementId, g.Programmes);
}
