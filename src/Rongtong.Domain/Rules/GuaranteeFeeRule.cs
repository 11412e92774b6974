using Rongtong.Domain.Calendar;
using Rongtong.Domain.Policy;

namespace Rongtong.Domain.Rules;

/// <summary>The fee of a guarantee for a period and whether its rate keeps within the cap.</summary>
public sealed record FeeOutcome(Money.Money Fee, bool WithinCap, decimal AnnualRate, decimal Cap, int Days, int DayBasis, IReadOnlyList<string> Reasons, Clause Clause);

/// <summary>
/// 担保费 (三(二) "融资担保费率原则上不超过1%"), POLICY.md P3: fee = principal × annual rate × days ÷ basis,
/// days = end − start in calendar days, rounded half away from zero to the 分; the rate is within the
/// cap iff rate ≤ cap. A higher rate is not refused here: it needs the regulator's recorded exception.
/// </summary>
public static class GuaranteeFeeRule
{
    public const string AboveCap = "FEE_ABOVE_CAP";

    /// <summary>Computes the fee; the cap and day basis are read for <paramref name="asOf"/> (normally the start).</summary>
    public static FeeOutcome Compute(Money.Money principal, decimal annualRate, DateOnly start, DateOnly end, PolicyVersion version, DateOnly asOf)
    {
        if (end < start)
        {
            throw new DomainException("FEE_PERIOD_INVALID", $"the fee period ends ({end.ToText()}) before it starts ({start.ToText()})");
        }

        if (annualRate < 0)
        {
            throw new DomainException("FEE_RATE_NEGATIVE", "the annual rate must not be negative");
        }

        if (principal.Fen < 0)
        {
            throw new DomainException("PRINCIPAL_NEGATIVE", "the principal must not be negative");
        }

        var capParameter = version.Get(ParameterKeys.FeeAnnualCap, asOf);
        var cap = capParameter.AsDecimal();
        var basis = version.Get(ParameterKeys.FeeDayBasis, asOf).AsInt();
        var days = end.DayNumber - start.DayNumber;
        var fee = principal.Multiply(annualRate * days, basis, Money.Rounding.HalfAwayFromZero);
        var within = annualRate <= cap;
        return new FeeOutcome(fee, within, annualRate, cap, days, basis, within ? [] : [AboveCap], capParameter.Clause);
    }
}
