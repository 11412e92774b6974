using Rongtong.Domain.Policy;

namespace Rongtong.Domain.Rules;

public sealed record SupplementaryCapOutcome(Money.Money Cap, string Reason, decimal Ratio, Clause Clause);

/// <summary>
/// 补充担保 on a loan secured by movable collateral (五(一) "可按照不高于抵押物账面净值50%的额度给予补充担保"),
/// POLICY.md P10: cap = min(ratio × net book value rounded down to the 分, loan principal).
/// </summary>
public static class SupplementaryCapRule
{
    public const string ByCollateral = "CAPPED_BY_COLLATERAL";
    public const string ByPrincipal = "CAPPED_BY_PRINCIPAL";

    public static SupplementaryCapOutcome Compute(Money.Money netBookValue, Money.Money principal, PolicyVersion version, DateOnly asOf)
    {
        if (netBookValue.Fen < 0 || principal.Fen < 0)
        {
            throw new DomainException("AMOUNT_NEGATIVE", "net book value and principal must not be negative");
        }

        var ratio = version.Get(ParameterKeys.SupplementaryCollateralRatio, asOf);
        var byCollateral = netBookValue.Multiply(ratio.AsDecimal(), Money.Rounding.Down);
        return byCollateral <= principal
            ? new SupplementaryCapOutcome(byCollateral, ByCollateral, ratio.AsDecimal(), ratio.Clause)
            : new SupplementaryCapOutcome(principal, ByPrincipal, ratio.AsDecimal(), ratio.Clause);
    }
}
