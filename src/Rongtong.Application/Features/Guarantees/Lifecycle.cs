using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Domain;
using Rongtong.Domain.Guarantees;
using Rongtong.Domain.Ledger;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Rules;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>The steps of a guarantee after approval: letter, repayment, default, 代偿, 再担保, 追偿, fees, closing.</summary>
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

/// <summary>The bank records a repayment of principal: the liability on it is released; fully repaid → released.</summary>
public static class RecordRepayment
{
    public sealed record Command(long GuaranteeId, Domain.Money.Money Amount);

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog, TimeProvider clock)
    {
        public Task<Guarantee> Handle(Command c, CancellationToken ct = default) =>
            GuaranteeSupport.WithRetryAsync(db, async () =>
            {
                var g = await GuaranteeSupport.LoadAsync(db, c.GuaranteeId, x => x.BankId, ct);
                GuaranteeSupport.Require(db, Roles.Maker);
                GuaranteeSupport.RequireStatus(g, GuaranteeStatus.InForce);
                if (c.Amount.Fen <= 0 || c.Amount.Fen > g.OutstandingFen)
                {
                    throw new DomainException("AMOUNT_INVALID", $"a repayment is between 0.01 and the outstanding {new Domain.Money.Money(g.OutstandingFen)}");
                }

                var asOf = db.Viewer.BusinessDate;
                var (version, within) = Lifecycle.VersionFor(catalog, asOf);
                var parties = await GuaranteeSupport.PartiesAsync(db, g, ct);
                var before = RiskSharingRule.Split(new Domain.Money.Money(g.OutstandingFen), version, within).GuarantorPaysBank;
                var after = RiskSharingRule.Split(new Domain.Money.Money(g.OutstandingFen - c.Amount.Fen), version, within).GuarantorPaysBank;
                GuaranteeSupport.Post(db, GuaranteePostings.Release(parties, g.Number, asOf, before - after), g.Id, clock);
                g.OutstandingFen -= c.Amount.Fen;
                await GuaranteeSupport.AdjustReservationsAsync(db, catalog, g, g.Unsecured ? -Math.Min(g.QuotaReservedFen, c.Amount.Fen) : 0, -c.Amount, asOf, ct);
                if (await db.Loans.FirstOrDefaultAsync(l => l.Id == g.LoanId, ct) is { } loan)
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
            if (await db.Loans.FirstOrDefaultAsync(l => l.Id == g.LoanId, ct) is { } loan)
            {
                loan.State = "defaulted";
            }

            await db.SaveChangesAsync(ct);
            return g;
        }
    }
}

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
            GuaranteeSupport.WithRetryAsync(db, async () =>
            {
                var g = await GuaranteeSupport.LoadAsync(db, guaranteeId, x => x.GuarantorId, ct);
                GuaranteeSupport.Require(db, Roles.Checker);
                GuaranteeSupport.RequireStatus(g, GuaranteeStatus.Defaulted);
                var asOf = db.Viewer.BusinessDate;
                var (version, within) = Lifecycle.VersionFor(catalog, asOf);
                var loss = new Domain.Money.Money(g.DefaultedFen);
                decimal? cap = null;
                var before = Domain.Money.Money.Zero;
                var issued = Domain.Money.Money.Zero;
                if (g.BatchAgreementId is { } agreementId && await db.BatchAgreements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agreementId, ct) is { CompensationRateCap: { } c } agreement)
                {
                    cap = c;
                    var yearStart = new DateOnly(asOf.Year, 1, 1);
                    var same = db.Guarantees.IgnoreQueryFilters().AsNoTracking().Where(x => x.BatchAgreementId == agreement.Id);
                    before = new Domain.Money.Money(await same.Where(x => x.CompensatedOn >= yearStart).SumAsync(x => (long?)x.CompensatedFen, ct) ?? 0);
                    issued = new Domain.Money.Money(await same.Where(x => x.InForceOn >= yearStart).SumAsync(x => (long?)x.AmountFen, ct) ?? 0);
                }

                var (shares, applied) = CompensationCap.Shares(loss, cap, before, issued, version, within);
                var parties = await GuaranteeSupport.PartiesAsync(db, g, ct);
                var liability = RiskSharingRule.Split(loss, version, within).GuarantorPaysBank;
                GuaranteeSupport.Post(db, GuaranteePostings.Compensation(parties, g.Number, asOf, shares, liability), g.Id, clock);
                await GuaranteeSupport.AdjustReservationsAsync(db, catalog, g, g.Unsecured ? -g.QuotaReservedFen : 0, -loss, asOf, ct);
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

/// <summary>The national fund or the provincial re-guarantor confirms and pays its share of a compensation.</summary>
public static class ConfirmReguarantee
{
    public sealed class Handler(AppDbContext db, TimeProvider clock)
    {
        public async Task<LedgerEntry> Handle(long guaranteeId, CancellationToken ct = default)
        {
            var v = db.Viewer;
            if (v.Kind is not (OrganisationKind.NationalFund or OrganisationKind.ProvincialReguarantor) || v.OrganisationId is not { } me)
            {
                throw new DomainException("FORBIDDEN", "only the national fund or the provincial re-guarantor confirms its share");
            }

            GuaranteeSupport.Require(db, Roles.Checker);
            var g = await GuaranteeSupport.LoadAsync(db, guaranteeId, null, ct);
            GuaranteeSupport.RequireStatus(g, GuaranteeStatus.Compensated, GuaranteeStatus.Recovering, GuaranteeStatus.Closed);
            var owed = -await db.LedgerPostings.Where(p => p.PartyId == me && p.Purpose == (int)AccountPurpose.ReguaranteePayable)
                .Join(db.LedgerEntries.Where(e => e.GuaranteeId == g.Id), p => p.EntryId, e => e.Id, (p, _) => p.Fen).SumAsync(ct);
            if (owed <= 0)
            {
                throw new DomainException("REGUARANTEE_SETTLED_CONFLICT", "nothing is owed on this guarantee");
            }

            var entry = GuaranteeSupport.Post(db, GuaranteePostings.ReguaranteeSettled(me, g.GuarantorId, g.Number, v.BusinessDate, new Domain.Money.Money(owed)), g.Id, clock);
            await db.SaveChangesAsync(ct);
            return entry;
        }
    }
}

/// <summary>追偿: the guarantor records money recovered from the borrower; it flows back 4:2:2:2.</summary>
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
                throw new DomainException("AMOUNT_INVALID", "a recovery is positive and recoveries never exceed the compensated loss");
            }

            var asOf = db.Viewer.BusinessDate;
            var (version, within) = Lifecycle.VersionFor(catalog, asOf);
            var shares = RiskSharingRule.Split(c.Amount, version, within);
            GuaranteeSupport.Post(db, GuaranteePostings.Recovery(await GuaranteeSupport.PartiesAsync(db, g, ct), g.Number, asOf, shares), g.Id, clock);
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
                throw new DomainException("AMOUNT_INVALID", $"a fee collection is positive and at most the fee still due ({new Domain.Money.Money(g.FeeChargedFen - g.FeeCollectedFen)})");
            }

            GuaranteeSupport.Post(db, GuaranteePostings.FeeCollected(await GuaranteeSupport.PartiesAsync(db, g, ct), g.Number, db.Viewer.BusinessDate, c.Amount), g.Id, clock);
            g.FeeCollectedFen += c.Amount.Fen;
            await db.SaveChangesAsync(ct);
            return g;
        }
    }
}

internal static class Lifecycle
{
    /// <summary>The version whose parameters govern a step on <paramref name="asOf"/>: in force, else the latest started (a guarantee outlives its policy).</summary>
    public static (PolicyVersion Version, DateOnly Within) VersionFor(PolicyCatalog catalog, DateOnly asOf)
    {
        var version = catalog.VersionOn(asOf) ?? catalog.LatestStartedBy(asOf) ?? catalog.Versions[0];
        var within = asOf < version.Period.From ? version.Period.From : asOf > version.Period.To ? version.Period.To : asOf;
        return (version, within);
    }
}
