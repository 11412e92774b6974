using Rongtong.Domain.Policy;

namespace Rongtong.Domain.Rules;

/// <summary>The four shares of a loss or recovery under "4222", in the tie order of P4.</summary>
public sealed record RiskShares(Money.Money Guarantor, Money.Money NationalFund, Money.Money ProvincialReguarantee, Money.Money Bank, Clause Clause)
{
    public Money.Money Total => Guarantor + NationalFund + ProvincialReguarantee + Bank;

    /// <summary>代偿: what the guarantor pays the bank — the loss less the bank's own share.</summary>
    public Money.Money GuarantorPaysBank => Total - Bank;
}

/// <summary>
/// "4222" 风险分担 (三(二)), POLICY.md P4: 市县担保机构 : 国家融资担保基金 : 省再担保公司 : 合作银行 =
/// 4:2:2:2 (dated parameters), exact to the 分 by largest remainder, ties guarantor → national fund →
/// provincial → bank. The same split applies to recoveries (追偿).
/// </summary>
public static class RiskSharingRule
{
    public static RiskShares Split(Money.Money amount, PolicyVersion version, DateOnly asOf)
    {
        if (amount.Fen < 0)
        {
            throw new DomainException("AMOUNT_NEGATIVE", "the amount to share must not be negative");
        }

        var g = version.Get(ParameterKeys.RiskShareGuarantor, asOf);
        var n = version.Get(ParameterKeys.RiskShareNationalFund, asOf);
        var p = version.Get(ParameterKeys.RiskShareProvincial, asOf);
        var b = version.Get(ParameterKeys.RiskShareBank, asOf);
        var parts = Money.Money.Allocate(amount, [g.AsDecimal(), n.AsDecimal(), p.AsDecimal(), b.AsDecimal()]);
        return new RiskShares(parts[0], parts[1], parts[2], parts[3], g.Clause);
    }

    /// <summary>
    /// 追偿 (P4: "recoveries R are shared back in the same ratio"): a recovery goes back in the ratio the loss was
    /// borne. When the loss was shared 4:2:2:2 that is the policy's ratio (<see cref="Split"/>). When a 限率代偿 cap
    /// left part of the loss to the guarantor alone, it is the shares each party actually bore, in 分, by the same
    /// largest-remainder rule: a co-sharer that bore nothing recovers nothing, and no one recovers more than it lost.
    /// </summary>
    /// <param name="amount">The recovery.</param>
    /// <param name="borne">What each party bore of the compensated loss (its total is the loss).</param>
    /// <param name="version">The policy version whose 4222 ratio applies.</param>
    /// <param name="asOf">The day the ratio is read for.</param>
    public static RiskShares SplitRecovery(Money.Money amount, RiskShares borne, PolicyVersion version, DateOnly asOf)
    {
        var byRatio = Split(borne.Total, version, asOf);
        if (borne.Total.Fen == 0 || byRatio with { Clause = borne.Clause } == borne)
        {
            return Split(amount, version, asOf);
        }

        var parts = Money.Money.Allocate(amount, [borne.Guarantor.Fen, borne.NationalFund.Fen, borne.ProvincialReguarantee.Fen, borne.Bank.Fen]);
        return new RiskShares(parts[0], parts[1], parts[2], parts[3], byRatio.Clause);
    }
}
