using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Infrastructure;
using Rongtong.Application.Features.Registry;
using Rongtong.Domain;
using Rongtong.Domain.Guarantees;
using Rongtong.Domain.Ledger;
using Rongtong.Domain.Money;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Rules;

namespace Rongtong.Application.Features.Guarantees;

/// <summary>What the guarantee use cases share: loading with access checks, the policy checks, ledger posting.</summary>
public static class GuaranteeSupport
{
    // Compiled once: every lifecycle step loads its guarantee (the query filter still applies, per viewer).
    private static readonly CompiledQuery<Func<AppDbContext, long, CancellationToken, Task<Guarantee?>>> ById = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, long id, CancellationToken ct) => db.Guarantees.FirstOrDefault(x => x.Id == id)));

    /// <summary>The guarantee if the viewer may see it and (when <paramref name="party"/> is given) is that party of it; else refused.</summary>
    public static async Task<Guarantee> LoadAsync(AppDbContext db, long id, Func<Guarantee, Guid?>? party, CancellationToken ct)
    {
        var g = await ById.For(db)(db, id, ct) ?? throw new DomainException("NOT_FOUND", $"guarantee {id} not found");
        if (party is not null && party(g) != db.Viewer.OrganisationId && db.Viewer.Kind is not null)
        {
            throw new DomainException("FORBIDDEN", "this step belongs to another institution of the guarantee");
        }

        return g;
    }

    private static readonly CompiledQuery<Func<AppDbContext, long, CancellationToken, Task<Loan?>>> LoanById = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, long id, CancellationToken ct) => db.Loans.FirstOrDefault(l => l.Id == id)));

    /// <summary>The guarantee's loan (tracked, as the viewer may see it), or null before the loan is recorded.</summary>
    public static async Task<Loan?> LoanOfAsync(AppDbContext db, Guarantee g, CancellationToken ct) =>
        g.LoanId is { } id ? await LoanById.For(db)(db, id, ct) : null;

    public static void Require(AppDbContext db, string role)
    {
        if (!db.Viewer.HasRole(role))
        {
            throw new DomainException("FORBIDDEN", $"this step needs the {role} role");
        }
    }

    public static void RequireStatus(Guarantee g, params GuaranteeStatus[] allowed)
    {
        if (!allowed.Contains(g.Status))
        {
            throw new DomainException("GUARANTEE_STATE_CONFLICT", $"guarantee {g.Number} is {g.Status}; this step needs {string.Join(" or ", allowed)}");
        }
    }

    /// <summary>
    /// The policy that governs a guarantee's risk sharing (P4) from the day it was approved, when the guarantor committed
    /// to it and its liability was reserved on the P6 book: the liability posted when it comes into force, the split of a
    /// loss and of its recoveries, and its weight on the book all keep the terms of that day. So a dated change of the
    /// ratio applies to guarantees approved after it, the liability posted at the start is released to the 分, and the
    /// book always holds the liability the ledger shows.
    /// </summary>
    public static (PolicyVersion Version, DateOnly Within) SharingTerms(PolicyCatalog catalog, Guarantee g, DateOnly asOf) =>
        catalog.Governing(g.ApprovedOn ?? g.InForceOn ?? asOf);

    public static PolicyVersion Version(PolicyCatalog catalog, DateOnly asOf) =>
        catalog.VersionOn(asOf) ?? throw new DomainException("POLICY_NOT_IN_FORCE", $"no policy version is in force on {asOf:yyyy-MM-dd}: new guarantees are refused");

    /// <summary>The enterprise's determination on the business date (stored, else computed from the registry now).</summary>
    public static async Task<Determination> DeterminationAsync(AppDbContext db, PolicyCatalog catalog, long enterpriseId, DateOnly asOf, CancellationToken ct)
    {
        var stored = await db.Determinations.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.EnterpriseId == enterpriseId && d.AsOf == asOf).Select(d => d.InputsJson).FirstOrDefaultAsync(ct);
        return await DeterminationAsync(db, catalog, enterpriseId, asOf, stored, ct);
    }

    /// <summary>The determination from its stored inputs when there are some, else computed from the registry now.</summary>
    private static async Task<Determination> DeterminationAsync(AppDbContext db, PolicyCatalog catalog, long enterpriseId, DateOnly asOf, string? storedInputs, CancellationToken ct)
    {
        var p = KeyEnterpriseParameters.Compile(catalog, asOf);
        if (storedInputs is not null)
        {
            return DetermineEnterprises.Evaluate(JsonSerializer.Deserialize<DetermineEnterprises.Inputs>(storedInputs)!, catalog, p);
        }

        var e = await db.Enterprises.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(x => x.Id == enterpriseId, ct)
            ?? throw new DomainException("NOT_FOUND", $"enterprise {enterpriseId} not found");
        var years = p?.TaxYears ?? 3;
        var first = asOf.Year - years;
        var taxes = await db.TaxRecords.IgnoreQueryFilters().AsNoTracking().Where(t => t.EnterpriseId == enterpriseId && t.Year >= first && t.Year < asOf.Year).ToListAsync(ct);
        var window = Enumerable.Range(first, years).Select(y => new DetermineEnterprises.TaxYear(y, taxes.FirstOrDefault(t => t.Year == y)?.TaxPaidFen)).ToList();
        return DetermineEnterprises.Evaluate(DetermineEnterprises.InputsOf(e, window), catalog, p);
    }

    /// <summary>
    /// Every check of a guarantee decision on <paramref name="asOf"/> (P2 quota, P3 fee cap, P6 amplification
    /// and concentration). Reads the contended rows it needs so an approval can update them.
    /// </summary>
    public static async Task<List<CheckResult>> ChecksAsync(AppDbContext db, PolicyCatalog catalog, Guarantee g, DateOnly asOf, CancellationToken ct) =>
        (await CheckWithLimitsAsync(db, catalog, g, asOf, ct)).Results;

    /// <summary>
    /// The limits an approval's reservation must stay within when it is applied atomically at commit (see
    /// <see cref="AdjustReservationsAsync"/>): what the checks allowed, re-asserted against the rows as they are then;
    /// and whether the checks found the enterprise's quota row and the guarantor's book (rows are never deleted: a row
    /// found is there at commit, one missing is inserted, and two first inserts race on the key — one retries).
    /// </summary>
    public sealed record ApprovalLimits(long QuotaCapFen, long WeightedCapFen, long BorrowerCapFen, long RelatedCapFen, bool QuotaRowExists, bool BookExists,
        BorrowerWeighing? Weighing = null);

    /// <summary>
    /// The checks and the limits they applied. Everything they read comes in one query (one round trip): the
    /// stored determination, the quota reserved, the guarantor's net assets and book, the liability to the
    /// borrower and its group. The reads are untracked: an approval re-asserts the limits atomically at commit.
    /// </summary>
    public static async Task<(List<CheckResult> Results, ApprovalLimits Limits)> CheckWithLimitsAsync(AppDbContext db, PolicyCatalog catalog, Guarantee g, DateOnly asOf, CancellationToken ct)
    {
        var version = Version(catalog, asOf);
        var facts = await FactsAsync(db, g, asOf, ct) ?? throw new DomainException("PARTY_UNKNOWN", "no such government guarantor");
        var d = await DeterminationAsync(db, catalog, g.EnterpriseId, asOf, facts.DeterminationInputs, ct);
        var results = new List<CheckResult>();
        var amount = new Money(g.AmountFen);
        var quotaCap = long.MaxValue;
        if (g.Unsecured)
        {
            var own = g.QuotaReservedFen; // an approved guarantee re-checked does not count itself twice
            var quota = QuotaCheck.Evaluate(d.IsKey, d.Quota, new Money((facts.Reserved ?? 0) - own), amount, d.QuotaExceedable,
                g.ExceedApprovedBy is not null && g.ExceedJustification.Length > 0);
            results.Add(quota);
            quotaCap = quota.Reason == QuotaCheck.ExceededJustified || d.Quota is null ? long.MaxValue : d.Quota.Value.Fen;
        }
        else if (!d.IsKey)
        {
            results.Add(new CheckResult("key_enterprise", CheckOutcome.Refuse, QuotaCheck.NotKey, "the enterprise is not a key enterprise on the business date", QuotaCheck.QuotaClause));
        }

        results.Add(FeeRateCheck.Evaluate(g.FeeRate, version, asOf, g.FeeExceptionBy is not null));

        var netAssets = new Money(facts.NetAssetsFen);
        var counted = g.QuotaReservedFen > 0 || g.Status >= GuaranteeStatus.Approved && g.Status <= GuaranteeStatus.InForce;
        // What approving it would add to the book: its weighted liability and any re-weighing of the borrower's other guarantees.
        var weighing = counted ? null : await BorrowerWeighingAsync(db, catalog, g, 0, g.AmountFen, asOf, tracked: false, ct);
        results.Add(AmplificationCheck.Evaluate(new Money(facts.Book ?? 0), new Money(weighing?.DeltaFen ?? 0), netAssets, facts.SmallMicroFocus, version, asOf));
        results.Add(SingleBorrowerCheck.Evaluate(new Money(facts.Borrower ?? 0) + amount, new Money(facts.Group ?? 0) + amount, netAssets, version, asOf));
        var (single, related) = SingleBorrowerCheck.Caps(netAssets, version, asOf);
        var limits = new ApprovalLimits(quotaCap, AmplificationCheck.MaxWeighted(netAssets, facts.SmallMicroFocus, version, asOf).Fen, single.Fen, related.Fen,
            facts.Reserved is not null, facts.Book is not null, weighing);
        return (results, limits);
    }

    /// <summary>What the checks of a guarantee read, as one row (null sums and rows read as zero).</summary>
    private sealed record CheckFacts(long NetAssetsFen, bool SmallMicroFocus, string? DeterminationInputs, long? Reserved, long? Book, long? Borrower, long? Related)
    {
        /// <summary>The liability to the borrower with its related parties.</summary>
        public long? Group => (Borrower ?? 0) + (Related ?? 0);
    }

    /// <summary>The statuses of a guarantee whose principal is reserved (on the quota, the P6 book and its borrower's part).</summary>
    public static readonly GuaranteeStatus[] Live = [GuaranteeStatus.Approved, GuaranteeStatus.LetterIssued, GuaranteeStatus.InForce, GuaranteeStatus.Defaulted];

    /// <summary>
    /// The guarantor's row with the check facts as subqueries. The liability to the borrower (and to the other
    /// members of its related group) counts the guarantor's live guarantees, the guarantee itself left out; each
    /// sum reads its own index (borrower, related group), never the guarantor's whole book — the related group's
    /// sum is not run at all for a borrower in none (every ungrouped guarantee would match the empty group). Compiled once.
    /// </summary>
    private static readonly CompiledQuery<Func<AppDbContext, Guid, long, long, string, DateOnly, CancellationToken, Task<CheckFacts?>>> Facts = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, Guid guarantor, long enterprise, long id, string group, DateOnly asOf, CancellationToken ct) =>
            db.Organisations.IgnoreQueryFilters().AsNoTracking().Where(o => o.Id == guarantor).Select(o => new CheckFacts(
                o.NetAssetsFen,
                o.SmallMicroFocus,
                db.Determinations.Where(d => d.EnterpriseId == enterprise && d.AsOf == asOf).Select(d => d.InputsJson).FirstOrDefault(),
                db.QuotaReservations.Where(r => r.EnterpriseId == enterprise).Select(r => (long?)r.ReservedFen).FirstOrDefault(),
                db.GuarantorBooks.Where(b => b.GuarantorId == guarantor).Select(b => (long?)b.WeightedLiabilityFen).FirstOrDefault()
                    + (db.GuarantorBookReleases.Where(r => r.GuarantorId == guarantor).Sum(r => (long?)r.WeightedFen) ?? 0),
                db.Guarantees.Where(x => x.EnterpriseId == enterprise && x.GuarantorId == guarantor && x.Id != id && Live.Contains(x.Status)).Sum(x => (long?)x.OutstandingFen),
                group == "" ? null
                    : db.Guarantees.Where(x => x.GuarantorId == guarantor && x.RelatedGroup == group && x.EnterpriseId != enterprise && Live.Contains(x.Status)).Sum(x => (long?)x.OutstandingFen)))
            .FirstOrDefault()));

    private static Task<CheckFacts?> FactsAsync(AppDbContext db, Guarantee g, DateOnly asOf, CancellationToken ct) =>
        Facts.For(db)(db, g.GuarantorId, g.EnterpriseId, g.Id, g.RelatedGroup, asOf, ct);

    /// <summary>
    /// The approval's re-checks under the locks (commit guards): the guarantor's live liability to the borrower, the
    /// guarantee itself left out, and (with <paramref name="group"/>) to the other members of the borrower's related
    /// group, plus <c>{3}</c>, within the cap <c>{4}</c>. The same sums as the checks' <see cref="Facts"/> query, as SQL:
    /// a guard runs as a plain statement in the commit's batch.
    /// </summary>
    private static CommitGuard LiabilityGuard(string what, Guarantee g, long amount, long cap, bool group) =>
        new(what, group ? GroupLiabilitySql : BorrowerLiabilitySql,
            // Read when the guard runs: a guarantee added in this unit of work has its key only after the writes (SQLite).
            () => group ? [g.EnterpriseId, g.GuarantorId, g.Id, amount, cap, g.RelatedGroup] : [g.EnterpriseId, g.GuarantorId, g.Id, amount, cap]);

    /// <summary>
    /// The guarded change of a guarantor's book row by <paramref name="delta"/>: within <paramref name="cap"/> counting the
    /// release slots (a reservation), or unconditionally (<see cref="long.MaxValue"/>: a release without slots).
    /// </summary>
    private static CommitGuard BookGuard(Guid guarantor, long delta, long cap) =>
        new("the guarantor's liability book",
            """UPDATE "GuarantorBooks" SET "WeightedLiabilityFen" = "WeightedLiabilityFen" + {1}, "Version" = "Version" + 1 WHERE "GuarantorId" = {0}"""
            + (cap == long.MaxValue ? "" : """ AND "WeightedLiabilityFen" + {1} + COALESCE((SELECT SUM("WeightedFen") FROM "GuarantorBookReleases" WHERE "GuarantorId" = {0}), 0) <= {2}""")
            + """ RETURNING 1 AS "Value" """,
            () => cap == long.MaxValue ? [guarantor, delta] : [guarantor, delta, cap]);

    private static readonly string LiveSql = string.Join(", ", Live.Select(s => (int)s));

    private static readonly string BorrowerSumSql =
        $$"""COALESCE((SELECT SUM("OutstandingFen") FROM "Guarantees" WHERE "EnterpriseId" = {0} AND "GuarantorId" = {1} AND "Id" <> {2} AND "Status" IN ({{LiveSql}})), 0)""";

    private static readonly string BorrowerLiabilitySql = $$"""SELECT CASE WHEN {{BorrowerSumSql}} + {3} <= {4} THEN 1 ELSE 0 END AS "Value" """;

    private static readonly string GroupLiabilitySql =
        $$"""SELECT CASE WHEN {{BorrowerSumSql}} + COALESCE((SELECT SUM("OutstandingFen") FROM "Guarantees" WHERE "GuarantorId" = {1} AND "RelatedGroup" = {5} AND "EnterpriseId" <> {0} AND "Status" IN ({{LiveSql}})), 0) + {3} <= {4} THEN 1 ELSE 0 END AS "Value" """;

    private static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web);

    public static string ChecksJson(IEnumerable<CheckResult> checks) =>
        JsonSerializer.Serialize(checks.Select(c => new { c.Check, Outcome = c.Outcome.ToString().ToLowerInvariant(), c.Reason, c.Message, Clause = c.Clause.Number, c.Clause.Quote }), CamelCase);

    /// <summary>Refuses with every refused check named (rule and clause).</summary>
    public static void ThrowIfRefused(IReadOnlyList<CheckResult> checks)
    {
        var refused = checks.Where(c => c.Refused).ToList();
        if (refused.Count > 0)
        {
            throw new DomainException(refused[0].Reason ?? "REFUSED",
                string.Join("; ", refused.Select(c => $"{c.Reason}: {c.Message} ({c.Clause.Number}「{c.Clause.Quote}」)")));
        }
    }

    /// <summary>The national fund and the provincial re-guarantor (single institutions; read at most every few seconds).</summary>
    private static readonly ShortCache<(Guid Fund, Guid Provincial)> Reguarantors = new(5000);

    /// <summary>The parties of the 4222 scheme for a guarantee (the national fund and the provincial re-guarantor are single institutions).</summary>
    public static async Task<SchemeParties> PartiesAsync(AppDbContext db, Guarantee g, CancellationToken ct)
    {
        var (fund, provincial) = await Reguarantors.GetAsync(db, async token =>
        {
            var found = await db.Organisations.AsNoTracking()
                .Where(o => o.Kind == OrganisationKind.NationalFund || o.Kind == OrganisationKind.ProvincialReguarantor)
                .OrderBy(o => o.Code).Select(o => new { o.Id, o.Kind }).ToListAsync(token);
            return (found.FirstOrDefault(o => o.Kind == OrganisationKind.NationalFund)?.Id ?? Guid.Empty,
                found.FirstOrDefault(o => o.Kind == OrganisationKind.ProvincialReguarantor)?.Id ?? Guid.Empty);
        }, ct);
        if (fund == Guid.Empty || provincial == Guid.Empty)
        {
            Reguarantors.Forget(db); // registered later: seen at the next request
            throw new DomainException("SCHEME_INCOMPLETE", "the national fund and the provincial re-guarantor must be registered as organisations");
        }

        return new SchemeParties(g.GuarantorId, fund, provincial, g.BankId);
    }

    // Compiled once (confirmations and recoveries read them): the guarantee's few entries, then all their legs by entry —
    // two index look-ups. As one join, or filtered by party in SQL, the planner walked all the legs of the ledger or of
    // the party instead.
    private static readonly CompiledQuery<Func<AppDbContext, long, IAsyncEnumerable<long>>> EntriesOf = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, long guaranteeId) => db.LedgerEntries.IgnoreQueryFilters().Where(e => e.GuaranteeId == guaranteeId).Select(e => e.Id)));

    private static readonly CompiledQuery<Func<AppDbContext, long[], IAsyncEnumerable<LedgerPosting>>> LegsOf = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, long[] entries) => db.LedgerPostings.IgnoreQueryFilters().AsNoTracking().Where(p => entries.Contains(p.EntryId))));

    /// <summary>Every party's legs of every entry of a guarantee (the caller has checked that the viewer may see the guarantee).</summary>
    public static async Task<List<LedgerPosting>> LegsAsync(AppDbContext db, long guaranteeId, CancellationToken ct)
    {
        var entries = await EntriesOf.For(db)(db, guaranteeId).ToArrayAsync(ct);
        return await LegsOf.For(db)(db, entries).ToListAsync(ct);
    }

    /// <summary>
    /// What each party bore of a guarantee's compensated loss, from its legs: the re-guarantors' shares are their
    /// compensation legs, the bank's is the loss less what the guarantor paid it, the guarantor's the rest (only a 代偿
    /// entry, or its reversal, posts to these accounts). Under a 限率代偿 cap these differ from 4:2:2:2, and recoveries
    /// follow them (<see cref="RiskSharingRule.SplitRecovery"/>).
    /// </summary>
    public static async Task<RiskShares> BorneAsync(AppDbContext db, Guarantee g, SchemeParties parties, Clause clause, CancellationToken ct)
    {
        var legs = await LegsAsync(db, g.Id, ct);
        long Sum(Guid party, AccountPurpose purpose) => legs.Where(l => l.PartyId == party && l.Purpose == (int)purpose).Sum(l => l.Fen);
        var fund = Sum(parties.NationalFund, AccountPurpose.CompensationPaid);
        var provincial = Sum(parties.ProvincialReguarantor, AccountPurpose.CompensationPaid);
        var paid = -Sum(parties.Bank, AccountPurpose.CompensationReceived);
        return new RiskShares(new Money(paid - fund - provincial), new Money(fund), new Money(provincial), new Money(g.CompensatedFen - paid), clause);
    }

    /// <summary>
    /// Adds a journal entry to the unit of work (saved with the business change, atomically), with the change it made to
    /// the guaranteed principal when it made one (<see cref="LedgerEntry.PrincipalFen"/>).
    /// </summary>
    public static async Task<LedgerEntry> PostAsync(AppDbContext db, JournalEntry entry, long? guaranteeId, TimeProvider clock, CancellationToken ct, long? principalFen = null)
    {
        var record = new LedgerEntry
        {
            EventType = entry.EventType, BusinessDate = entry.BusinessDate, Reference = entry.Reference, GuaranteeId = guaranteeId, PrincipalFen = principalFen,
            UserId = db.Viewer.UserId, PostedAt = clock.GetUtcNow(),
            Postings = [.. entry.Legs.Select(l => new LedgerPosting { PartyId = l.Account.Party, Purpose = (int)l.Account.Purpose, Fen = l.Fen })],
        };
        await db.LedgerEntries.AddAsync(record, ct); // async: on PostgreSQL the keys may come from the hi-lo sequence
        return record;
    }

    /// <summary>
    /// <paramref name="fen"/> of a guarantee's principal as the P6 book counts it: the guarantor's liability on it (P4:
    /// principal less the bank's share; the national fund's and the provincial re-guarantor's shares are still the
    /// guarantor's liability to the bank), weighted — 75 % for a small/micro borrower whose guaranteed balance with the
    /// guarantor, <paramref name="borrowerBalanceFen"/> (单户在保余额), is under ¥5,000,000, else 100 %. Ratio, weights and
    /// limit are those of the day the guarantee was approved, when its liability was reserved (<paramref name="asOf"/> for
    /// the approval itself), so a dated change of them after the approval leaves nothing behind on the book.
    /// </summary>
    public static long Weighted(PolicyCatalog catalog, bool smallMicroBorrower, DateOnly? approvedOn, long fen, long borrowerBalanceFen, DateOnly asOf)
    {
        var (version, within) = catalog.Governing(approvedOn ?? asOf);
        return WeightedLiability(catalog, smallMicroBorrower, approvedOn, RiskSharingRule.Split(new Money(fen), version, within).GuarantorPaysBank.Fen, borrowerBalanceFen, asOf);
    }

    /// <summary>A liability already known (posted) weighted as <see cref="Weighted"/> weighs the liability on a principal.</summary>
    public static long WeightedLiability(PolicyCatalog catalog, bool smallMicroBorrower, DateOnly? approvedOn, long liabilityFen, long borrowerBalanceFen, DateOnly asOf)
    {
        var (version, within) = catalog.Governing(approvedOn ?? asOf);
        var small = smallMicroBorrower && borrowerBalanceFen < version.Get(ParameterKeys.AmplificationSmallMicroBalanceLimit, within).AsMoney().Fen;
        return AmplificationCheck.WeightedBalance([new LiabilityItem(new Money(liabilityFen), small)], version, within).Fen;
    }

    /// <summary>
    /// A borrower's part of a guarantor's book as it would be, and the move of the book that takes it there. <c>Stored</c>:
    /// the row was read from the database (else it is new).
    /// </summary>
    public sealed record BorrowerWeighing(GuarantorBorrowerBook Row, long PrincipalFen, long WeightedFen, int SmallMicroCount, bool Stored)
    {
        public long DeltaFen => WeightedFen - Row.WeightedFen;
    }

    /// <summary>Tracks a weighing's row as read by the checks: attached with the version read, or added when there was none.</summary>
    private static BorrowerWeighing Track(AppDbContext db, BorrowerWeighing weighing)
    {
        if (weighing.Stored)
        {
            db.GuarantorBorrowerBooks.Attach(weighing.Row);
        }
        else
        {
            db.GuarantorBorrowerBooks.Add(weighing.Row);
        }

        return weighing;
    }

    private sealed record Sibling(long OutstandingFen, bool SmallMicroBorrower, DateOnly? ApprovedOn);

    private static readonly CompiledQuery<Func<AppDbContext, Guid, long, CancellationToken, Task<GuarantorBorrowerBook?>>> BorrowerPart = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, Guid guarantor, long enterprise, CancellationToken ct) =>
            db.GuarantorBorrowerBooks.AsNoTracking().FirstOrDefault(r => r.GuarantorId == guarantor && r.EnterpriseId == enterprise)));

    private static readonly CompiledQuery<Func<AppDbContext, Guid, long, long, IAsyncEnumerable<Sibling>>> Siblings = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, Guid guarantor, long enterprise, long id) =>
            db.Guarantees.IgnoreQueryFilters().AsNoTracking()
                .Where(x => x.EnterpriseId == enterprise && x.GuarantorId == guarantor && x.Id != id && Live.Contains(x.Status))
                .Select(x => new Sibling(x.OutstandingFen, x.SmallMicroBorrower, x.ApprovedOn))));

    /// <summary>
    /// The borrower's part of the guarantor's book with <paramref name="g"/> reserving <paramref name="reservedAfterFen"/>
    /// of principal, <paramref name="reservedBeforeFen"/> before. While no guarantee of the borrower with the guarantor is a
    /// small/micro one, every weight is 100 % whatever the balance, and only <paramref name="g"/>'s own weighed liability
    /// moves. Otherwise every live guarantee of the borrower with the guarantor is weighed again on the borrower's new
    /// balance (crossing ¥5,000,000 changes the weight of them all). Either way the book never drifts from the sum of its
    /// borrowers' parts. <paramref name="tracked"/>: the row is tracked as read (a reservation changes it at save, checked
    /// against the version read), else only read (the checks).
    /// </summary>
    private static async Task<BorrowerWeighing> BorrowerWeighingAsync(AppDbContext db, PolicyCatalog catalog, Guarantee g, long reservedBeforeFen, long reservedAfterFen, DateOnly asOf,
        bool tracked, CancellationToken ct)
    {
        // A unit of work that reserves and releases for one guarantee (a 见贷即保 loan below its ceiling) finds the row it changed.
        var row = tracked ? db.GuarantorBorrowerBooks.Local.FirstOrDefault(r => r.GuarantorId == g.GuarantorId && r.EnterpriseId == g.EnterpriseId) : null;
        var stored = row is not null && db.Entry(row).State != EntityState.Added;
        if (row is null)
        {
            row = await BorrowerPart.For(db)(db, g.GuarantorId, g.EnterpriseId, ct);
            stored = row is not null;
            row ??= new GuarantorBorrowerBook { GuarantorId = g.GuarantorId, EnterpriseId = g.EnterpriseId };
            if (tracked)
            {
                _ = stored ? db.GuarantorBorrowerBooks.Attach(row) : db.GuarantorBorrowerBooks.Add(row); // two first reservations race on the key: one retries
            }
        }

        var count = row.SmallMicroCount + (g.SmallMicroBorrower ? (reservedAfterFen > 0 ? 1 : 0) - (reservedBeforeFen > 0 ? 1 : 0) : 0);
        var balance = row.PrincipalFen - reservedBeforeFen + reservedAfterFen;
        if (!g.SmallMicroBorrower && row.SmallMicroCount == 0)
        {
            // Every weight 100 %: the balance (passed as beyond any limit) changes nothing but this guarantee's own part.
            var moved = Weighted(catalog, false, g.ApprovedOn, reservedAfterFen, long.MaxValue, asOf) - Weighted(catalog, false, g.ApprovedOn, reservedBeforeFen, long.MaxValue, asOf);
            return new BorrowerWeighing(row, balance, row.WeightedFen + moved, count, stored);
        }

        var siblings = new List<Sibling>();
        await foreach (var x in Siblings.For(db)(db, g.GuarantorId, g.EnterpriseId, g.Id).WithCancellation(ct))
        {
            siblings.Add(x);
        }

        balance = siblings.Sum(x => x.OutstandingFen) + reservedAfterFen;
        var weighted = siblings.Sum(x => Weighted(catalog, x.SmallMicroBorrower, x.ApprovedOn, x.OutstandingFen, balance, asOf))
            + Weighted(catalog, g.SmallMicroBorrower, g.ApprovedOn, reservedAfterFen, balance, asOf);
        return new BorrowerWeighing(row, balance, weighted, count, stored);
    }

    /// <summary>
    /// Reserves or releases quota and weighted liability for a guarantee (positive = reserve). The guarantee's own
    /// share changes at once; the enterprise's quota row and the guarantor's book change atomically at commit
    /// (<see cref="AppDbContext.BeforeCommit"/>): <c>SET x = x + Δ WHERE x + Δ ≤ cap</c>, so concurrent approvals
    /// never wait for each other's reads and can never over-allocate. A release of the book goes to one of the
    /// guarantor's <see cref="GuarantorBookRelease"/> slots instead, so releases never queue on the book's row. A
    /// reservation passes <paramref name="limits"/> (from the checks); with them the concentration limits are re-read
    /// under a lock every competing approval takes too: the borrower's under its quota row, the related group's under
    /// the book's row. A release names <c>reservedBeforeFen</c>, the guarantee's principal still reserved before it. The
    /// book moves by what the borrower's part of it moves (<see cref="BorrowerWeighingAsync"/>), so releases add up to
    /// exactly what the approvals reserved (each release weighed on its own left a 分 behind, or took one too many).
    /// </summary>
    public static async Task AdjustReservationsAsync(AppDbContext db, PolicyCatalog catalog, Guarantee g, long quotaFen, Money liabilityAmount, DateOnly asOf, CancellationToken ct,
        ApprovalLimits? limits = null, long? reservedBeforeFen = null)
    {
        var approval = limits is not null && (quotaFen > 0 || liabilityAmount.Fen > 0);
        var enterprise = g.EnterpriseId;
        if (quotaFen != 0 || approval)
        {
            // An approval always takes the enterprise's quota row (a secured one with Δ = 0): approvals for the same
            // borrower then queue here, before the guarantor's book, and the concentration re-read below is exact.
            if ((quotaFen > 0 || approval) && !(limits?.QuotaRowExists ?? await db.QuotaReservations.AsNoTracking().AnyAsync(x => x.EnterpriseId == enterprise, ct)))
            {
                db.QuotaReservations.Add(new QuotaReservation { EnterpriseId = enterprise }); // two first reservations race on the key: one retries
            }

            g.QuotaReservedFen += quotaFen;
            var cap = quotaFen > 0 && limits is not null ? limits.QuotaCapFen : long.MaxValue;
            db.BeforeCommit(new CommitGuard("the enterprise's quota",
                """UPDATE "QuotaReservations" SET "ReservedFen" = "ReservedFen" + {1}, "Version" = "Version" + 1 WHERE "EnterpriseId" = {0}"""
                + (cap == long.MaxValue ? "" : """ AND "ReservedFen" + {1} <= {2}""") + """ RETURNING 1 AS "Value" """,
                () => cap == long.MaxValue ? [enterprise, quotaFen] : [enterprise, quotaFen, cap]));
        }

        var amount = liabilityAmount.Fen;
        var bookDelta = 0L;
        if (approval)
        {
            // Under the quota row's lock: every other approval for this borrower has committed or waits.
            db.BeforeCommit(LiabilityGuard("the liability to the borrower", g, amount, limits!.BorrowerCapFen, group: false));
        }

        var guarantor = g.GuarantorId;
        if (amount != 0)
        {
            var reservedAfter = (amount < 0 ? reservedBeforeFen ?? throw new InvalidOperationException("a release names the principal reserved before it") : 0) + amount;
            // An approval takes the weighing its checks read (nothing has changed in between); anything else reads it now.
            var weighing = amount > 0 && limits?.Weighing is { } read ? Track(db, read) : await BorrowerWeighingAsync(db, catalog, g, reservedAfter - amount, reservedAfter, asOf, tracked: true, ct);
            bookDelta = weighing.DeltaFen;
            weighing.Row.PrincipalFen = weighing.PrincipalFen;
            weighing.Row.WeightedFen = weighing.WeightedFen;
            weighing.Row.SmallMicroCount = weighing.SmallMicroCount;
            if (db.Entry(weighing.Row).State != EntityState.Added)
            {
                // Version-checked even when the figures come out the same (a guarantee undone while another of the same
                // amount is approved): the weighing read the borrower's guarantees as of this version.
                db.Entry(weighing.Row).Property(x => x.Version).IsModified = true;
            }
        }

        if (amount < 0)
        {
            // A release lowers one of the guarantor's slots (its guarantee's): no wait on the book's row. The slots are
            // created with the book, by the approval that reserved what is now released; a book without them (written by
            // hand, or by an older version during an upgrade) takes the release on its row instead — slower, as exact.
            var slot = (int)(g.Id % GuarantorBookRelease.Slots);
            db.BeforeCommit(new CommitGuard("the guarantor's released liability",
                """UPDATE "GuarantorBookReleases" SET "WeightedFen" = "WeightedFen" + {2} WHERE "GuarantorId" = {0} AND "Slot" = {1} RETURNING 1 AS "Value" """,
                () => [guarantor, slot, bookDelta],
                Otherwise: BookGuard(guarantor, bookDelta, long.MaxValue)));
        }
        else if (amount > 0)
        {
            if (!(limits?.BookExists ?? await db.GuarantorBooks.AsNoTracking().AnyAsync(x => x.GuarantorId == guarantor, ct)))
            {
                // The first approval of a guarantor opens its book with its release slots (two first approvals race on the key: one retries).
                db.GuarantorBooks.Add(new GuarantorBook { GuarantorId = guarantor });
                db.GuarantorBookReleases.AddRange(Enumerable.Range(0, GuarantorBookRelease.Slots).Select(i => new GuarantorBookRelease { GuarantorId = guarantor, Slot = i }));
            }

            // The book's row is the one every approval of the guarantor takes: last before the commit, held briefly. The
            // slots only fall (releases), so one guarded statement is exact: if it waited for the row, it re-checks the row
            // as committed, and releases it cannot see yet can only leave room.
            db.BeforeCommit(BookGuard(guarantor, bookDelta, limits?.WeightedCapFen ?? long.MaxValue));
        }

        if (approval && g.RelatedGroup.Length > 0)
        {
            // A related group spans borrowers: re-read once the book's row is locked (every approval of this guarantor waits there).
            db.BeforeCommit(LiabilityGuard("the liability to the related group", g, amount, limits!.RelatedCapFen, group: true));
        }
    }
}
