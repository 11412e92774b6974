namespace Rongtong.Application.Data;

/// <summary>Where a scheme guarantee stands (三(二)); see <c>docs/ARCHITECTURE.md</c> for the transitions.</summary>
public enum GuaranteeStatus
{
    Applied = 1,

    /// <summary>A guarantor maker reviewed it; a different person (checker) decides.</summary>
    Reviewed = 2,
    Approved = 3,

    /// <summary>担保函 issued; becomes in force when the bank records the disbursement.</summary>
    LetterIssued = 4,
    InForce = 5,
    Released = 6,
    Defaulted = 7,
    Compensated = 8,
    Recovering = 9,
    Closed = 10,
    Rejected = 11,
    Withdrawn = 12,
}

/// <summary>
/// A government scheme guarantee from application to closing: who applied, which guarantor, the checks
/// made at application and approval, the quota reserved, and the money that moved (the ledger holds the
/// postings; the amounts here are the guarantee's own running figures).
/// </summary>
public sealed class Guarantee
{
    public long Id { get; set; }

    /// <summary>Human reference, e.g. <c>G-2023-000042</c>.</summary>
    public required string Number { get; set; }

    public long EnterpriseId { get; set; }

    public Enterprise? Enterprise { get; set; }

    public Guid BankId { get; set; }

    public Guid GuarantorId { get; set; }

    public long AmountFen { get; set; }

    /// <summary>Annual fee rate (0.008 = 0.8 %).</summary>
    public decimal FeeRate { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly EndDate { get; set; }

    /// <summary>无抵押信用担保 under the scheme: counts against the P2 quota.</summary>
    public bool Unsecured { get; set; } = true;

    public bool SmallMicroBorrower { get; set; }

    /// <summary>Related-party group key (关联方); empty when none.</summary>
    public string RelatedGroup { get; set; } = "";

    /// <summary>Programme tags, <c>;</c>-separated (e.g. 双保).</summary>
    public string Programmes { get; set; } = "";

    public GuaranteeStatus Status { get; set; }

    public Guid AppliedBy { get; set; }

    public Guid? ReviewedBy { get; set; }

    public Guid? DecidedBy { get; set; }

    public string DecisionNote { get; set; } = "";

    /// <summary>R&amp;D justification for exceeding the quota (三(二)); recorded by one person, approved by another.</summary>
    public string ExceedJustification { get; set; } = "";

    public Guid? ExceedRecordedBy { get; set; }

    public Guid? ExceedApprovedBy { get; set; }

    /// <summary>A regulator's exception allowing a fee rate above the cap (P3).</summary>
    public Guid? FeeExceptionBy { get; set; }

    public string FeeExceptionNote { get; set; } = "";

    /// <summary>The checks made at the last application or approval, as JSON (rule, outcome, reason, clause).</summary>
    public string ChecksJson { get; set; } = "[]";

    /// <summary>Quota reserved at approval (released on repayment, compensation or undo).</summary>
    public long QuotaReservedFen { get; set; }

    public long? BatchAgreementId { get; set; }

    public long? LoanId { get; set; }

    public long OutstandingFen { get; set; }

    public long DefaultedFen { get; set; }

    public long CompensatedFen { get; set; }

    public long RecoveredFen { get; set; }

    public long FeeChargedFen { get; set; }

    public long FeeCollectedFen { get; set; }

    /// <summary>Interest-rate discount the bank gives for the guarantee, in basis points (三(二) 鼓励…加大贷款利率优惠).</summary>
    public int RateDiscountBp { get; set; }

    public DateOnly AppliedOn { get; set; }

    public DateOnly? ApprovedOn { get; set; }

    public DateOnly? InForceOn { get; set; }

    public DateOnly? ReleasedOn { get; set; }

    public DateOnly? CompensatedOn { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// The one loan record both the guarantee and the credit workflows use: a bank's loan to an enterprise,
/// with its terms, flags (首贷, 信用贷, 无还本续贷, 中长期) and repayment state.
/// </summary>
public sealed class Loan
{
    public long Id { get; set; }

    public Guid BankId { get; set; }

    public long EnterpriseId { get; set; }

    /// <summary>The bank's own loan number.</summary>
    public required string Reference { get; set; }

    public long PrincipalFen { get; set; }

    public long OutstandingFen { get; set; }

    public decimal AnnualRate { get; set; }

    public int TermMonths { get; set; }

    public DateOnly DisbursedOn { get; set; }

    public DateOnly MaturesOn { get; set; }

    public bool Unsecured { get; set; }

    /// <summary>首贷: no earlier loan of the enterprise on record when this one was recorded.</summary>
    public bool FirstLoan { get; set; }

    /// <summary>无还本续贷: renews an earlier loan without repaying principal.</summary>
    public long? RenewsLoanId { get; set; }

    public string Product { get; set; } = "";

    public int RateDiscountBp { get; set; }

    /// <summary><c>current</c>, <c>repaid</c> or <c>defaulted</c>.</summary>
    public string State { get; set; } = "current";

    public int Version { get; set; }
}

/// <summary>见贷即保 (三(二)): a bank × guarantor agreement under which eligible loans are guaranteed automatically.</summary>
public sealed class BatchAgreement
{
    public long Id { get; set; }

    public Guid BankId { get; set; }

    public Guid GuarantorId { get; set; }

    public long TotalLimitFen { get; set; }

    public long PerLoanCeilingFen { get; set; }

    /// <summary>Tax paid in Y−1 at or above which an enterprise is eligible.</summary>
    public long ContributionThresholdFen { get; set; }

    public decimal FeeRate { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidTo { get; set; }

    /// <summary>限率代偿 cap on the agreement year's compensation rate; null for none.</summary>
    public decimal? CompensationRateCap { get; set; }

    public long UsedFen { get; set; }

    public int Version { get; set; }
}

/// <summary>Quota reserved per enterprise: the one row concurrent approvals contend on (optimistic concurrency).</summary>
public sealed class QuotaReservation
{
    public long EnterpriseId { get; set; }

    public long ReservedFen { get; set; }

    public int Version { get; set; }
}

/// <summary>A guarantor's running weighted liability, contended on by concurrent approvals (P6 cap).</summary>
public sealed class GuarantorBook
{
    public Guid GuarantorId { get; set; }

    public long WeightedLiabilityFen { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// One borrower's part of a guarantor's book (P6): the principal of the borrower's live guarantees with the guarantor
/// (its 单户在保余额, which decides whether a small/micro guarantee weighs 75 %) and the weighted liability of them the
/// book holds. Every reservation or release of one of those guarantees re-weighs them all from this row and moves the
/// book by the difference; the row's version makes two such changes for one borrower take turns (one re-reads).
/// Not audited: the guarantee change that moves it is.
/// </summary>
public sealed class GuarantorBorrowerBook
{
    public Guid GuarantorId { get; set; }

    public long EnterpriseId { get; set; }

    /// <summary>The principal reserved by the borrower's live guarantees with this guarantor.</summary>
    public long PrincipalFen { get; set; }

    /// <summary>Their weighted liability as the guarantor's book holds it.</summary>
    public long WeightedFen { get; set; }

    /// <summary>How many of them are small/micro guarantees: while none is, the balance weighs nothing and is not re-read.</summary>
    public int SmallMicroCount { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// Weighted liability released from a guarantor's book (repayment, 代偿, an undone approval), spread over
/// <see cref="Slots"/> rows per guarantor so concurrent releases rarely wait for each other and never for the
/// book's row, which approvals hold. The book is its row plus the sum of these: approvals only raise the row,
/// releases only lower a slot, so a reader that sums both in one statement is exact, and an approval's guarded
/// update can only miss releases still uncommitted (it is then conservative, never over the cap).
/// </summary>
public sealed class GuarantorBookRelease
{
    /// <summary>Rows per guarantor; a release goes to the slot of its guarantee (id modulo this).</summary>
    public const int Slots = 16;

    public Guid GuarantorId { get; set; }

    public int Slot { get; set; }

    /// <summary>Zero or negative: the weighted liability released through this slot so far.</summary>
    public long WeightedFen { get; set; }
}

/// <summary>A posted journal entry: one business event, never edited; corrections are reversals.</summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }

    public required string EventType { get; set; }

    public DateOnly BusinessDate { get; set; }

    public required string Reference { get; set; }

    public long? GuaranteeId { get; set; }

    public long? ReversalOf { get; set; }

    /// <summary>
    /// The change this event made to the guaranteed principal: the amount lent when the guarantee comes into force, less
    /// each repayment, less the loss at 代偿. Null for other events (and for entries posted before it was recorded). With
    /// it, a guarantee's principal on any day is the sum of its entries up to that day (the P6 evaluation reads it).
    /// </summary>
    public long? PrincipalFen { get; set; }

    public Guid? UserId { get; set; }

    public DateTimeOffset PostedAt { get; set; }

    public List<LedgerPosting> Postings { get; set; } = [];
}

/// <summary>One leg: a party's account and a signed amount in 分 (debit positive).</summary>
public sealed class LedgerPosting
{
    public long Id { get; set; }

    public long EntryId { get; set; }

    public Guid PartyId { get; set; }

    public int Purpose { get; set; }

    public long Fen { get; set; }
}
