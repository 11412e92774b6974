using Rongtong.Domain.Policy;
using Rongtong.Domain.Rules;

namespace Rongtong.Domain.Guarantees;

/// <summary>
/// 限率代偿 (P4, per cooperation agreement): once the guarantor's compensation rate for the agreement year
/// (compensation paid ÷ guarantees issued in the year) passes the agreed cap, the co-sharers stop sharing
/// and the guarantor bears the rest. Reading: the part of a loss that lies above the cap is borne by the
/// guarantor alone (it pays the bank all of it; the re-guarantors owe nothing on it); the part below is
/// split 4:2:2:2.
/// </summary>
public static class CompensationCap
{
    public const string Applied = "COMPENSATION_CAP_APPLIED";

    /// <summary>
    /// The first day of the agreement year that holds <paramref name="asOf"/>: agreement years run from the agreement's
    /// first day (<paramref name="validFrom"/>) to the eve of its anniversary, not from 1 January. A 29 February start
    /// has its anniversaries on 28 February.
    /// </summary>
    public static DateOnly AgreementYearStart(DateOnly validFrom, DateOnly asOf)
    {
        if (asOf <= validFrom)
        {
            return validFrom;
        }

        var start = validFrom.AddYears(asOf.Year - validFrom.Year);
        return start > asOf ? validFrom.AddYears(asOf.Year - validFrom.Year - 1) : start;
    }

    /// <param name="loss">The loss being compensated.</param>
    /// <param name="cap">The agreement's cap on the compensation rate, or null for none.</param>
    /// <param name="compensatedBefore">Losses already compensated in the agreement year (<see cref="AgreementYearStart"/>).</param>
    /// <param name="issuedInYear">Guarantees issued in the agreement year (the rate's base).</param>
    /// <param name="version">The policy version whose 4222 ratio applies.</param>
    /// <param name="asOf">The day the ratio is read for.</param>
    public static (RiskShares Shares, bool CapApplied) Shares(Money.Money loss, decimal? cap, Money.Money compensatedBefore, Money.Money issuedInYear, PolicyVersion version, DateOnly asOf)
    {
        if (cap is null)
        {
            return (RiskSharingRule.Split(loss, version, asOf), false);
        }

        var capAmount = issuedInYear.Multiply(cap.Value, Money.Rounding.Down);
        var room = Money.Money.Max(Money.Money.Zero, capAmount - compensatedBefore);
        var shared = Money.Money.Min(loss, room);
        var excess = loss - shared;
        var s = RiskSharingRule.Split(shared, version, asOf);
        if (excess.Fen == 0)
        {
            return (s, false);
        }

        // The guarantor takes the excess as its own share; nothing of it falls on the others.
        return (s with { Guarantor = s.Guarantor + excess }, true);
    }
}
