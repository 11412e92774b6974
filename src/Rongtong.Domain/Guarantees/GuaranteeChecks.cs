using Rongtong.Domain.Policy;

namespace Rongtong.Domain.Guarantees;

/// <summary>How a check came out: pass, pass with a warning, or refuse.</summary>
public enum CheckOutcome
{
    Pass,
    Warn,
    Refuse,
}

/// <summary>One check of a guarantee decision, with the rule's reason code, a message and the clause it applied.</summary>
public sealed record CheckResult(string Check, CheckOutcome Outcome, string? Reason, string Message, Clause Clause)
{
    public bool Refused => Outcome == CheckOutcome.Refuse;
}

/// <summary>
/// 信用担保额度 (三(二), POLICY.md P2): outstanding unsecured scheme guarantees across all guarantors plus the
/// new amount must not pass the quota, unless the enterprise may exceed it (A/B-rated high-tech or 科创)
/// and an approved R&amp;D justification is on record.
/// </summary>
public static class QuotaCheck
{
    public const string NotKey = "NOT_KEY_ENTERPRISE";
    public const string Exceeded = "QUOTA_EXCEEDED";
    public const string ExceededJustified = "QUOTA_EXCEEDED_JUSTIFIED";
    public const string ExceedableNeedsJustification = "QUOTA_EXCEEDED_NEEDS_JUSTIFICATION";

    public static readonly Clause QuotaClause = new("三(二)", "以企业前3年纳税总额为限，为重点企业提供无抵押的信用担保");
    public static readonly Clause ExceedClause = new("三(二)", "纳税信用等级为A、B级高新技术企业、科创企业，可突破担保额度限制");

    public static CheckResult Evaluate(bool isKey, Money.Money? quota, Money.Money outstanding, Money.Money amount, bool exceedable, bool justificationApproved)
    {
        if (!isKey || quota is null)
        {
            return new("quota", CheckOutcome.Refuse, NotKey, "the enterprise is not a key enterprise on the business date", QuotaClause);
        }

        var total = outstanding + amount;
        if (total <= quota.Value)
        {
            return new("quota", CheckOutcome.Pass, null, $"outstanding {outstanding} + new {amount} = {total} ≤ quota {quota}", QuotaClause);
        }

        if (!exceedable)
        {
            return new("quota", CheckOutcome.Refuse, Exceeded, $"outstanding {outstanding} + new {amount} = {total} exceeds the quota {quota}", QuotaClause);
        }

        return justificationApproved
            ? new("quota", CheckOutcome.Warn, ExceededJustified, $"{total} exceeds the quota {quota}; allowed by the approved R&D justification", ExceedClause)
            : new("quota", CheckOutcome.Refuse, ExceedableNeedsJustification, $"{total} exceeds the quota {quota}; the enterprise may exceed it only with an approved R&D justification", ExceedClause);
    }
}

/// <summary>
/// 担保费率 (三(二) "融资担保费率原则上不超过1%", P3): a rate above the cap needs the regulator's recorded exception.
/// </summary>
public static class FeeRateCheck
{
    public const string AboveCap = "FEE_ABOVE_CAP";

    public static CheckResult Evaluate(decimal annualRate, PolicyVersion version, DateOnly asOf, bool regulatorException)
    {
        var cap = version.Get(ParameterKeys.FeeAnnualCap, asOf);
        var capValue = cap.AsDecimal();
        if (annualRate <= capValue)
        {
            return new("fee_rate", CheckOutcome.Pass, null, $"rate {annualRate:0.####} ≤ cap {capValue:0.####}", cap.Clause);
        }

        return regulatorException
            ? new("fee_rate", CheckOutcome.Warn, AboveCap, $"rate {annualRate:0.####} exceeds the cap {capValue:0.####}; the regulator granted an exception", cap.Clause)
            : new("fee_rate", CheckOutcome.Refuse, AboveCap, $"rate {annualRate:0.####} exceeds the cap {capValue:0.####} and no regulator exception is on record", cap.Clause);
    }
}

/// <summary>A guarantee as the amplification rule weighs it.</summary>
public readonly record struct LiabilityItem(Money.Money Balance, bool SmallMicroBorrower);

/// <summary>
/// 放大倍数 (三(一), P6; 融资担保公司监督管理条例 art. 15, 融资担保责任余额计量办法): weighted liability balance ÷
/// net assets, weight 75 % for a small/micro borrower whose guaranteed balance is under ¥5,000,000, else
/// 100 %. Cap 10× (15× for institutions mainly serving small/micro and 三农); warn at 90 %, refuse past it.
/// </summary>
public static class AmplificationCheck
{
    public const string CapExceeded = "AMPLIFICATION_CAP_EXCEEDED";
    public const string NearCap = "AMPLIFICATION_NEAR_CAP";

    public static Money.Money WeightedBalance(IEnumerable<LiabilityItem> items, PolicyVersion version, DateOnly asOf)
    {
        var smallWeight = version.Get(ParameterKeys.AmplificationWeightSmallMicro, asOf).AsDecimal();
        var otherWeight = version.Get(ParameterKeys.AmplificationWeightOther, asOf).AsDecimal();
        var limit = version.Get(ParameterKeys.AmplificationSmallMicroBalanceLimit, asOf).AsMoney();
        var total = Money.Money.Zero;
        foreach (var i in items)
        {
            var weight = i.SmallMicroBorrower && i.Balance < limit ? smallWeight : otherWeight;
            total += i.Balance.Multiply(weight, Money.Rounding.HalfAwayFromZero);
        }

        return total;
    }

    /// <summary>The multiple, to 4 decimals (0 when there are no net assets and no liability).</summary>
    public static decimal Multiple(Money.Money weighted, Money.Money netAssets) =>
        netAssets.Fen <= 0 ? (weighted.Fen == 0 ? 0 : decimal.MaxValue) : Math.Round((decimal)weighted.Fen / netAssets.Fen, 4, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The largest weighted balance <see cref="Evaluate(Money.Money, Money.Money, Money.Money, bool, PolicyVersion, DateOnly)"/> does not refuse: W is allowed iff W ≤ cap × N, compared
    /// exactly (the multiple shown is rounded to 4 decimals, but the comparison is not: with the rounded multiple
    /// 10.00004× passed a 10× cap). Used as the guard of the atomic reservation, so a race can never take the book
    /// past what the check allows.
    /// </summary>
    public static Money.Money MaxWeighted(Money.Money netAssets, bool smallMicroFocus, PolicyVersion version, DateOnly asOf)
    {
        if (netAssets.Fen <= 0)
        {
            return Money.Money.Zero;
        }

        var cap = version.Get(smallMicroFocus ? ParameterKeys.AmplificationCapFocused : ParameterKeys.AmplificationCap, asOf).AsDecimal();
        return new Money.Money((long)Math.Floor(cap * netAssets.Fen));
    }

    public static CheckResult Evaluate(Money.Money weightedBefore, LiabilityItem added, Money.Money netAssets, bool smallMicroFocus, PolicyVersion version, DateOnly asOf) =>
        Evaluate(weightedBefore, WeightedBalance([added], version, asOf), netAssets, smallMicroFocus, version, asOf);

    /// <summary>The check of a book that <paramref name="weightedAdded"/> (already weighted) would raise.</summary>
    public static CheckResult Evaluate(Money.Money weightedBefore, Money.Money weightedAdded, Money.Money netAssets, bool smallMicroFocus, PolicyVersion version, DateOnly asOf)
    {
        var capParameter = version.Get(smallMicroFocus ? ParameterKeys.AmplificationCapFocused : ParameterKeys.AmplificationCap, asOf);
        var cap = capParameter.AsDecimal();
        var warn = version.Get(ParameterKeys.AmplificationWarnRatio, asOf).AsDecimal();
        var after = weightedBefore + weightedAdded;
        var multiple = Multiple(after, netAssets);
        if (after > MaxWeighted(netAssets, smallMicroFocus, version, asOf))
        {
            return new("amplification", CheckOutcome.Refuse, CapExceeded, $"放大倍数 would be {multiple:0.00##}× > cap {cap}×", capParameter.Clause);
        }

        return netAssets.Fen > 0 && after.Fen >= cap * warn * netAssets.Fen
            ? new("amplification", CheckOutcome.Warn, NearCap, $"放大倍数 would be {multiple:0.00}×, at least {warn:P0} of the cap {cap}×", capParameter.Clause)
            : new("amplification", CheckOutcome.Pass, null, $"放大倍数 would be {multiple:0.00}× ≤ cap {cap}×", capParameter.Clause);
    }
}

/// <summary>
/// Concentration (条例 art. 16, P6): guarantee liability to one borrower ≤ 10 % of net assets, to one
/// borrower with its related parties ≤ 15 %. Caps are rounded down.
/// </summary>
public static class SingleBorrowerCheck
{
    public const string Exceeded = "SINGLE_BORROWER_LIMIT";
    public const string RelatedExceeded = "RELATED_PARTY_LIMIT";

    /// <summary>The two limits <see cref="Evaluate"/> applies: to one borrower, and to it with its related parties.</summary>
    public static (Money.Money Single, Money.Money Related) Caps(Money.Money netAssets, PolicyVersion version, DateOnly asOf) =>
        (netAssets.Multiply(version.Get(ParameterKeys.SingleBorrowerCap, asOf).AsDecimal(), Money.Rounding.Down),
         netAssets.Multiply(version.Get(ParameterKeys.SingleBorrowerRelatedCap, asOf).AsDecimal(), Money.Rounding.Down));

    public static CheckResult Evaluate(Money.Money borrowerAfter, Money.Money relatedGroupAfter, Money.Money netAssets, PolicyVersion version, DateOnly asOf)
    {
        var single = version.Get(ParameterKeys.SingleBorrowerCap, asOf);
        var related = version.Get(ParameterKeys.SingleBorrowerRelatedCap, asOf);
        var singleCap = netAssets.Multiply(single.AsDecimal(), Money.Rounding.Down);
        var relatedCap = netAssets.Multiply(related.AsDecimal(), Money.Rounding.Down);
        if (borrowerAfter > singleCap)
        {
            return new("single_borrower", CheckOutcome.Refuse, Exceeded, $"liability to the borrower would be {borrowerAfter} > {single.AsDecimal():P0} of net assets ({singleCap})", single.Clause);
        }

        if (relatedGroupAfter > relatedCap)
        {
            return new("single_borrower", CheckOutcome.Refuse, RelatedExceeded, $"liability to the borrower and its related parties would be {relatedGroupAfter} > {related.AsDecimal():P0} of net assets ({relatedCap})", related.Clause);
        }

        return new("single_borrower", CheckOutcome.Pass, null, $"borrower {borrowerAfter} ≤ {singleCap}; with related parties {relatedGroupAfter} ≤ {relatedCap}", single.Clause);
    }
}
