using Rongtong.Domain.Rules;

namespace Rongtong.Domain.Ledger;

/// <summary>The parties of one scheme guarantee ("4222": guarantor, national fund, provincial re-guarantor, bank).</summary>
public sealed record SchemeParties(Guid Guarantor, Guid NationalFund, Guid ProvincialReguarantor, Guid Bank);

/// <summary>
/// The postings of a guarantee's business events (三(二), POLICY.md P3–P4). Each returns one balanced
/// multi-leg entry; amounts are exact to the 分 through <see cref="RiskSharingRule"/>'s split.
/// </summary>
public static class GuaranteePostings
{
    private static AccountRef A(Guid party, AccountPurpose purpose) => new(party, purpose);

    /// <summary>In force (the bank recorded the disbursement): the guarantor's liability = principal − bank's share.</summary>
    public static JournalEntry InForce(SchemeParties p, string reference, DateOnly date, RiskShares principalShares) =>
        JournalEntry.Create("GUARANTEE_IN_FORCE", date, reference,
            JournalEntry.Pair(A(p.Guarantor, AccountPurpose.GuaranteeExposure), A(p.Guarantor, AccountPurpose.GuaranteeLiability), principalShares.GuarantorPaysBank.Fen));

    /// <summary>Repayment of principal releases the liability on the repaid part.</summary>
    public static JournalEntry Release(SchemeParties p, string reference, DateOnly date, Money.Money liabilityReleased) =>
        JournalEntry.Create("GUARANTEE_RELEASED", date, reference,
            JournalEntry.Pair(A(p.Guarantor, AccountPurpose.GuaranteeLiability), A(p.Guarantor, AccountPurpose.GuaranteeExposure), liabilityReleased.Fen));

    public static JournalEntry FeeCharged(SchemeParties p, string reference, DateOnly date, Money.Money fee) =>
        JournalEntry.Create("FEE_CHARGED", date, reference,
            JournalEntry.Pair(A(p.Guarantor, AccountPurpose.FeeReceivable), A(p.Guarantor, AccountPurpose.FeeIncome), fee.Fen));

    public static JournalEntry FeeCollected(SchemeParties p, string reference, DateOnly date, Money.Money fee) =>
        JournalEntry.Create("FEE_COLLECTED", date, reference,
            JournalEntry.Pair(A(p.Guarantor, AccountPurpose.Cash), A(p.Guarantor, AccountPurpose.FeeReceivable), fee.Fen));

    /// <summary>
    /// 代偿 of a loss: the guarantor pays the bank (loss − bank share), the liability on the loss is
    /// released, and the national fund and the provincial re-guarantor each owe the guarantor their share.
    /// <paramref name="shares"/> already reflects any 限率代偿 cap.
    /// </summary>
    public static JournalEntry Compensation(SchemeParties p, string reference, DateOnly date, RiskShares shares, Money.Money liabilityReleased)
    {
        var pays = shares.GuarantorPaysBank.Fen;
        IEnumerable<Leg> legs =
        [
            .. JournalEntry.Pair(A(p.Guarantor, AccountPurpose.CompensationPaid), A(p.Guarantor, AccountPurpose.Cash), pays),
            .. JournalEntry.Pair(A(p.Bank, AccountPurpose.Cash), A(p.Bank, AccountPurpose.CompensationReceived), pays),
            .. JournalEntry.Pair(A(p.Guarantor, AccountPurpose.ReguaranteeReceivable), A(p.Guarantor, AccountPurpose.CompensationPaid), shares.NationalFund.Fen + shares.ProvincialReguarantee.Fen),
            .. JournalEntry.Pair(A(p.NationalFund, AccountPurpose.CompensationPaid), A(p.NationalFund, AccountPurpose.ReguaranteePayable), shares.NationalFund.Fen),
            .. JournalEntry.Pair(A(p.ProvincialReguarantor, AccountPurpose.CompensationPaid), A(p.ProvincialReguarantor, AccountPurpose.ReguaranteePayable), shares.ProvincialReguarantee.Fen),
            .. JournalEntry.Pair(A(p.Guarantor, AccountPurpose.GuaranteeLiability), A(p.Guarantor, AccountPurpose.GuaranteeExposure), liabilityReleased.Fen),
        ];
        return JournalEntry.Create("COMPENSATION", date, reference, legs);
    }

    /// <summary>A re-guarantor pays the guarantor its confirmed share (再担保代偿).</summary>
    public static JournalEntry ReguaranteeSettled(Guid reguarantor, Guid guarantor, string reference, DateOnly date, Money.Money amount) =>
        JournalEntry.Create("REGUARANTEE_SETTLED", date, reference,
        [
            .. JournalEntry.Pair(A(reguarantor, AccountPurpose.ReguaranteePayable), A(reguarantor, AccountPurpose.Cash), amount.Fen),
            .. JournalEntry.Pair(A(guarantor, AccountPurpose.Cash), A(guarantor, AccountPurpose.ReguaranteeReceivable), amount.Fen),
        ]);

    /// <summary>追偿: the guarantor recovers R from the borrower and passes the co-sharers their shares.</summary>
    public static JournalEntry Recovery(SchemeParties p, string reference, DateOnly date, RiskShares shares)
    {
        var total = shares.Total.Fen;
        var passedOn = shares.NationalFund.Fen + shares.ProvincialReguarantee.Fen + shares.Bank.Fen;
        IEnumerable<Leg> legs =
        [
            .. JournalEntry.Pair(A(p.Guarantor, AccountPurpose.Cash), A(p.Guarantor, AccountPurpose.RecoveryProceeds), total),
            .. JournalEntry.Pair(A(p.Guarantor, AccountPurpose.RecoveryProceeds), A(p.Guarantor, AccountPurpose.Cash), passedOn),
            .. JournalEntry.Pair(A(p.NationalFund, AccountPurpose.Cash), A(p.NationalFund, AccountPurpose.RecoveryIncome), shares.NationalFund.Fen),
            .. JournalEntry.Pair(A(p.ProvincialReguarantor, AccountPurpose.Cash), A(p.ProvincialReguarantor, AccountPurpose.RecoveryIncome), shares.ProvincialReguarantee.Fen),
            .. JournalEntry.Pair(A(p.Bank, AccountPurpose.Cash), A(p.Bank, AccountPurpose.RecoveryIncome), shares.Bank.Fen),
        ];
        return JournalEntry.Create("RECOVERY", date, reference, legs);
    }
}
