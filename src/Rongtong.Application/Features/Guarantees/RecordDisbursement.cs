using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain;
using Rongtong.Domain.Calendar;
using Rongtong.Domain.Ledger;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Rules;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>
/// The bank records a loan (the one loan record of the platform). With a guarantee whose letter is
/// issued, the guarantee comes into force: the liability and the fee for its period are posted. Without
/// one, a loan that fits a live 见贷即保 agreement is guaranteed automatically — still quota-, fee- and
/// amplification-checked — and appears in the guarantor's list.
/// </summary>
public static class RecordDisbursement
{
    public sealed record Command(string Reference, long EnterpriseId, Domain.Money.Money Principal, decimal AnnualRate, int TermMonths, DateOnly DisbursedOn,
        bool Unsecured, string Product = "", int RateDiscountBp = 0, long? GuaranteeId = null, long? RenewsLoanId = null, bool SmallMicroBorrower = false, long? PushId = null);

    public sealed record Result(Loan Loan, Guarantee? Guarantee, string? BatchOutcome);

    /// <summary>What recording a loan checks first, in one round trip.</summary>
    private sealed record LoanFacts(bool ReferenceTaken, bool EnterpriseExists, bool EnterpriseHasLoans);

    private static readonly CompiledQuery<Func<AppDbContext, Guid, string, long, CancellationToken, Task<LoanFacts?>>> Facts = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, Guid bank, string reference, long enterprise, CancellationToken ct) =>
            db.Organisations.IgnoreQueryFilters().Where(o => o.Id == bank).Select(o => new LoanFacts(
                db.Loans.IgnoreQueryFilters().Any(l => l.BankId == bank && l.Reference == reference),
                db.Enterprises.IgnoreQueryFilters().Any(e => e.Id == enterprise),
                db.Loans.IgnoreQueryFilters().Any(l => l.EnterpriseId == enterprise))).FirstOrDefault()));

    public sealed class Handler(AppDbContext db, PolicyCatalog catalog, TimeProvider clock)
    {
        /// <summary>One transaction: the loan, the guarantee coming into force and the reservations commit together or not at all.</summary>
        public Task<Result> Handle(Command c, CancellationToken ct = default) =>
            Conflicts.RetryAsync(db, async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var result = await HandleOnceAsync(c, ct);
                await tx.CommitAsync(ct);
                return result;
            }, ct);

        private async Task<Result> HandleOnceAsync(Command c, CancellationToken ct)
        {
            var v = db.Viewer;
            if (v.Kind is not (null or OrganisationKind.Bank))
            {
                throw new DomainException("FORBIDDEN", "only a bank records its loans");
            }

            GuaranteeSupport.Require(db, Roles.Maker);
            Dates.RequireInRange(c.DisbursedOn, "disbursedOn");
            var bankId = v.OrganisationId ?? throw new DomainException("FORBIDDEN", "a bank records its loans");
            new FieldChecks("LOAN_INVALID")
                .Check(c.Principal.Fen > 0, "principal", "must be positive")
                .Check(c.TermMonths > 0, "termMonths", "must be positive")
                .Check(c.AnnualRate is >= 0 and <= 1, "annualRate", "a decimal between 0 and 1 (0.04 = 4 %)")
                .Check(c.RateDiscountBp is >= 0 and <= 10_000, "rateDiscountBp", "0–10000 basis points")
                .ThrowIfAny();

            var reference = c.Reference.Trim();
            var facts = await Facts.For(db)(db, bankId, reference, c.EnterpriseId, ct)
                ?? throw new DomainException("FORBIDDEN", "a bank records its loans");
            if (facts.ReferenceTaken)
            {
                throw new DomainException("LOAN_CONFLICT", $"loan {reference} is already recorded");
            }

            if (!facts.EnterpriseExists)
            {
                throw new DomainException("NOT_FOUND", "no such enterprise");
            }

            if (c.RenewsLoanId is { } renewed && !await db.Loans.AnyAsync(l => l.Id == renewed && l.BankId == bankId && l.EnterpriseId == c.EnterpriseId, ct))
            {
                throw new DomainException("NOT_FOUND", "the renewed loan is not one of this bank's loans to the enterprise");
            }

            var first = !facts.EnterpriseHasLoans;
            var loan = new Loan
            {
                BankId = bankId, EnterpriseId = c.EnterpriseId, Reference = reference, PrincipalFen = c.Principal.Fen, OutstandingFen = c.Principal.Fen,
                AnnualRate = c.AnnualRate, TermMonths = c.TermMonths, DisbursedOn = c.DisbursedOn, MaturesOn = c.DisbursedOn.AddMonths(c.TermMonths),
                Unsecured = c.Unsecured, FirstLoan = first, RenewsLoanId = c.RenewsLoanId, Product = c.Product, RateDiscountBp = c.RateDiscountBp,
            };
            await db.Loans.AddAsync(loan, ct);

            Guarantee? g = null;
            string? batch = null;
            if (c.GuaranteeId is { } gid)
            {
                g = await GuaranteeSupport.LoadAsync(db, gid, x => x.BankId, ct);
                GuaranteeSupport.RequireStatus(g, GuaranteeStatus.LetterIssued);
                if (g.EnterpriseId != c.EnterpriseId || c.Principal.Fen > g.AmountFen)
                {
                    throw new DomainException("LOAN_MISMATCH", "the loan must be to the guaranteed enterprise and not above the guaranteed amount");
                }

                if (!new DatePeriod(g.StartDate, g.EndDate).Contains(c.DisbursedOn))
                {
                    throw new DomainException("LOAN_MISMATCH", $"the loan must be disbursed within the guarantee's period ({g.StartDate.ToText()} to {g.EndDate.ToText()})");
                }
            }
            else
            {
                (g, batch) = await TryBatchAsync(c, bankId, ct);
            }

            DemandPush? push = null;
            if (c.PushId is { } pushId)
            {
                push = await db.DemandPushes.Include(p => p.Demand).FirstOrDefaultAsync(p => p.Id == pushId && p.BankId == bankId, ct)
                    ?? throw new DomainException("NOT_FOUND", $"push {pushId} is not one of this bank's pushes");
                if (push.State != "granted" || push.Demand!.EnterpriseId != c.EnterpriseId)
                {
                    throw new DomainException("PUSH_STATE_CONFLICT", "only a granted push of the same enterprise becomes a loan");
                }

                if (push.LoanId is { } already)
                {
                    throw new DomainException("PUSH_STATE_CONFLICT", $"push {pushId} is already disbursed as loan {already}");
                }
            }

            if ((g is not null || push is not null) && (db.Entry(loan).Property(l => l.Id).IsTemporary || g is not null && db.Entry(g).Property(x => x.Id).IsTemporary))
            {
                await db.SaveChangesAsync(ct); // the keys come from the inserts (SQLite); on PostgreSQL they are known already
            }

            if (push is not null)
            {
                push.LoanId = loan.Id;
                push.Demand!.State = "disbursed";
            }

            if (g is not null)
            {
                await BringIntoForceAsync(g, loan, ct);
            }

            await db.SaveChangesAsync(ct);
            return new Result(loan, g, batch);
        }

        private async Task BringIntoForceAsync(Guarantee g, Loan loan, CancellationToken ct)
        {
            var asOf = db.Viewer.BusinessDate;
            var (version, within) = catalog.Governing(asOf);
            var parties = await GuaranteeSupport.PartiesAsync(db, g, ct);
            var covered = new Domain.Money.Money(loan.PrincipalFen);
            var (terms, termsWithin) = GuaranteeSupport.SharingTerms(catalog, g, asOf); // the ratio of its approval day
            var shares = RiskSharingRule.Split(covered, terms, termsWithin);
            await GuaranteeSupport.PostAsync(db, GuaranteePostings.InForce(parties, g.Number, asOf, shares), g.Id, clock, ct, principalFen: loan.PrincipalFen);
            var fee = GuaranteeFeeRule.Compute(covered, g.FeeRate, g.StartDate, g.EndDate, version, within).Fee;
            if (fee.Fen > 0)
            {
                await GuaranteeSupport.PostAsync(db, GuaranteePostings.FeeCharged(parties, g.Number, asOf, fee), g.Id, clock, ct);
            }

            // The reservation follows the amount actually lent.
            var unused = g.AmountFen - loan.PrincipalFen;
            if (unused > 0)
            {
                await GuaranteeSupport.AdjustReservationsAsync(db, catalog, g, g.Unsecured ? -unused : 0, new Domain.Money.Money(-unused), asOf, ct, reservedBeforeFen: g.AmountFen);
            }

            // A batch guarantee gets its final number once it has an id (it was created with a random placeholder).
            if (g.BatchAgreementId is not null && g.Number.Length == 19)
            {
                g.Number = $"B-{asOf.Year}-{g.Id:000000}";
            }

            g.LoanId = loan.Id;
            g.OutstandingFen = loan.PrincipalFen;
            g.FeeChargedFen += fee.Fen;
            g.RateDiscountBp = loan.RateDiscountBp;
            g.Status = GuaranteeStatus.InForce;
            g.InForceOn = asOf;
        }

        private async Task<(Guarantee?, string?)> TryBatchAsync(Command c, Guid bankId, CancellationToken ct)
        {
            var asOf = db.Viewer.BusinessDate;
            var agreements = await db.BatchAgreements.AsNoTracking().Where(a => a.BankId == bankId && a.ValidFrom <= asOf && a.ValidTo >= asOf).OrderBy(a => a.Id).ToListAsync(ct);
            if (agreements.Count == 0)
            {
                return (null, null);
            }

            var version = GuaranteeSupport.Version(catalog, asOf);
            var determination = await GuaranteeSupport.DeterminationAsync(db, catalog, c.EnterpriseId, asOf, ct);
            var lastYearTax = await db.TaxRecords.IgnoreQueryFilters().Where(t => t.EnterpriseId == c.EnterpriseId && t.Year == asOf.Year - 1).Select(t => (long?)t.TaxPaidFen).FirstOrDefaultAsync(ct) ?? 0;
            foreach (var a in agreements)
            {
                var ceiling = Math.Min(a.PerLoanCeilingFen, version.Get(ParameterKeys.BatchPerLoanCeiling, asOf).AsMoney().Fen);
                if (!determination.IsKey || lastYearTax < a.ContributionThresholdFen || c.Principal.Fen > ceiling || a.UsedFen + c.Principal.Fen > a.TotalLimitFen)
                {
                    continue;
                }

                var g = new Guarantee
                {
                    Number = $"B-{Guid.NewGuid():N}"[..19].ToUpperInvariant(), EnterpriseId = c.EnterpriseId, BankId = bankId, GuarantorId = a.GuarantorId,
                    AmountFen = c.Principal.Fen, FeeRate = a.FeeRate, StartDate = c.DisbursedOn, EndDate = c.DisbursedOn.AddMonths(c.TermMonths),
                    Unsecured = c.Unsecured, SmallMicroBorrower = c.SmallMicroBorrower, Status = GuaranteeStatus.Reviewed, AppliedBy = db.Viewer.UserId ?? Guid.Empty,
                    AppliedOn = asOf, ApprovedOn = asOf, BatchAgreementId = a.Id, OutstandingFen = c.Principal.Fen, DecisionNote = "见贷即保: approved under the batch agreement",
                };
                var (checks, limits) = await GuaranteeSupport.CheckWithLimitsAsync(db, catalog, g, asOf, ct);
                if (checks.Any(x => x.Refused))
                {
                    return (null, "batch refused: " + string.Join("; ", checks.Where(x => x.Refused).Select(x => $"{x.Reason}: {x.Message}")));
                }

                // Approved only now: checked as not yet counted, so the new amount is in the amplification figure the cap guards.
                g.Status = GuaranteeStatus.Approved;
                g.ChecksJson = GuaranteeSupport.ChecksJson(checks);
                await db.Guarantees.AddAsync(g, ct);
                await GuaranteeSupport.AdjustReservationsAsync(db, catalog, g, g.Unsecured ? g.AmountFen : 0, new Domain.Money.Money(g.AmountFen), asOf, ct, limits);
                // The agreement's total limit, like the quota: an atomic conditional update at commit, so two loans recorded
                // at once can never take it past its limit (the loser re-reads, and the agreement no longer fits it).
                var (agreementId, principal, limit) = (a.Id, c.Principal.Fen, a.TotalLimitFen);
                db.BeforeCommit(new CommitGuard("the batch agreement's total limit",
                    """UPDATE "BatchAgreements" SET "UsedFen" = "UsedFen" + {1}, "Version" = "Version" + 1 WHERE "Id" = {0} AND "UsedFen" + {1} <= {2} RETURNING 1 AS "Value" """,
                    () => [agreementId, principal, limit]));
                return (g, $"guaranteed under batch agreement {a.Id}");
            }

            return (null, "no batch agreement fits (key status, contribution threshold, per-loan ceiling or total limit)");
        }
    }
}
