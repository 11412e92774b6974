using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain;
using Rongtong.Domain.Calendar;
using Rongtong.Domain.Guarantees;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>
/// A bank (for its borrower) or an enterprise (for itself) applies to a government guarantor (三(二)). The
/// checks run on the business date at once; a refusal names its rule and clause and nothing is created.
/// </summary>
public static class ApplyForGuarantee
{
    public sealed record Command(long EnterpriseId, Guid BankId, Guid GuarantorId, Domain.Money.Money Amount, decimal FeeRate, DateOnly StartDate, DateOnly EndDate,
        bool Unsecured = true, bool SmallMicroBorrower = false, string RelatedGroup = "", IReadOnlyList<string>? Programmes = null, int RateDiscountBp = 0, string ExceedJustification = "");

    public static readonly string[] KnownProgrammes = ["双保"];

    /// <summary>Whether the bank and the guarantor exist, read from the enterprise's row (none: no such enterprise); one round trip.</summary>
    private sealed record PartiesFound(bool Bank, bool Guarantor);

    private static readonly CompiledQuery<Func<AppDbContext, long, Guid, Guid, CancellationToken, Task<PartiesFound?>>> Parties = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, long enterprise, Guid bank, Guid guarantor, CancellationToken ct) =>
            db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == enterprise).Select(e => new PartiesFound(
                db.Organisations.IgnoreQueryFilters().Any(o => o.Id == bank && o.Kind == OrganisationKind.Bank),
                db.Organisations.IgnoreQueryFilters().Any(o => o.Id == guarantor && o.Kind == OrganisationKind.Guarantor))).FirstOrDefault()));

    public sealed class Handler(AppDbContext db, Domain.Policy.PolicyCatalog catalog)
    {
        public async Task<(Guarantee Guarantee, IReadOnlyList<CheckResult> Checks)> Handle(Command c, CancellationToken ct = default)
        {
            var v = db.Viewer;
            if (v.Kind == OrganisationKind.Bank && c.BankId != v.OrganisationId)
            {
                throw new DomainException("FORBIDDEN", "a bank applies only for its own loans");
            }

            if (v.Kind == OrganisationKind.Enterprise && c.EnterpriseId != v.EnterpriseId)
            {
                throw new DomainException("FORBIDDEN", "an enterprise applies only for itself");
            }

            if (v.Kind is not (null or OrganisationKind.Bank or OrganisationKind.Enterprise))
            {
                throw new DomainException("FORBIDDEN", "a bank or an enterprise applies for a guarantee");
            }

            GuaranteeSupport.Require(db, Roles.Maker);
            Dates.RequireInRange(c.StartDate, "startDate");
            Dates.RequireInRange(c.EndDate, "endDate");
            if (c.Amount.Fen <= 0)
            {
                throw DomainException.Field("AMOUNT_INVALID", "amount", "the amount must be positive");
            }

            if (c.EndDate <= c.StartDate)
            {
                throw DomainException.Field("PERIOD_INVALID", "endDate", "the guarantee must end after it starts");
            }

            if (c.FeeRate is < 0 or > 1)
            {
                throw DomainException.Field("FEE_RATE_INVALID", "feeRate", "the annual fee rate is a decimal between 0 and 1 (0.008 = 0.8 %)");
            }

            if (c.RateDiscountBp is < 0 or > 10_000)
            {
                throw DomainException.Field("RATE_DISCOUNT_INVALID", "rateDiscountBp", "the interest-rate discount is 0–10000 basis points");
            }

            var unknownProgrammes = (c.Programmes ?? []).Except(KnownProgrammes).ToList();
            if (unknownProgrammes.Count > 0)
            {
                throw new DomainException("PROGRAMME_UNKNOWN", $"unknown programme {string.Join(", ", unknownProgrammes)}");
            }

            var parties = await Parties.For(db)(db, c.EnterpriseId, c.BankId, c.GuarantorId, ct);
            if (parties is not { Bank: true, Guarantor: true })
            {
                throw new DomainException("PARTY_UNKNOWN", parties is null ? "no such enterprise" : !parties.Bank ? "no such bank" : "no such government guarantor");
            }

            var g = new Guarantee
            {
                Number = "",
                EnterpriseId = c.EnterpriseId, BankId = c.BankId, GuarantorId = c.GuarantorId, AmountFen = c.Amount.Fen, FeeRate = c.FeeRate,
                StartDate = c.StartDate, EndDate = c.EndDate, Unsecured = c.Unsecured, SmallMicroBorrower = c.SmallMicroBorrower,
                RelatedGroup = c.RelatedGroup.Trim(), Programmes = string.Join(';', c.Programmes ?? []), RateDiscountBp = c.RateDiscountBp,
                ExceedJustification = c.ExceedJustification.Trim(), ExceedRecordedBy = c.ExceedJustification.Trim().Length > 0 ? v.UserId : null,
                Status = GuaranteeStatus.Applied, AppliedBy = v.UserId ?? Guid.Empty, AppliedOn = v.BusinessDate, OutstandingFen = c.Amount.Fen,
            };

            // At application a quota excess that could be justified, or a rate the regulator could except, is not yet a refusal.
            var checks = await GuaranteeSupport.ChecksAsync(db, catalog, g, v.BusinessDate, ct);
            GuaranteeSupport.ThrowIfRefused([.. checks.Where(x => x.Reason is not (QuotaCheck.ExceedableNeedsJustification or FeeRateCheck.AboveCap))]);
            g.ChecksJson = GuaranteeSupport.ChecksJson(checks);
            // A unique placeholder until the id is known. Random, not a version-7 GUID: the first 12 hex digits of those are
            // the millisecond, so two applications in the same millisecond collided on the unique index (a 500 under load).
            g.Number = $"G-{v.BusinessDate.Year}-{Guid.NewGuid():N}"[..19].ToUpperInvariant();
            await db.Guarantees.AddAsync(g, ct);
            if (db.Entry(g).Property(x => x.Id).IsTemporary)
            {
                // The key comes from the insert (SQLite): the row and its final number in one transaction.
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                g.Number = $"G-{v.BusinessDate.Year}-{g.Id:000000}";
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            else
            {
                g.Number = $"G-{v.BusinessDate.Year}-{g.Id:000000}"; // the key is known (PostgreSQL hi-lo): one insert
                await db.SaveChangesAsync(ct);
            }

            return (g, checks);
        }
    }
}
