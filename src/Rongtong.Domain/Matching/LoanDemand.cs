namespace Rongtong.Domain.Matching;

/// <summary>
/// A loan demand to be pushed to banks (POLICY.md P8, 二(二) "推送重点企业融资需求"): how much, for how
/// long, the enterprise's industry class and region, whether it is a key enterprise and whether it asks
/// for an unsecured (信用) loan.
/// </summary>
/// <param name="Id">The demand's identifier (<c>demand_id</c>).</param>
/// <param name="AmountFen">The amount asked for, in 分.</param>
/// <param name="TermMonths">The term asked for, in months.</param>
/// <param name="IndustryCode">GB/T 4754-2017 class code (matched by prefix).</param>
/// <param name="Region">GB/T 2260 region code (matched by prefix).</param>
/// <param name="KeyEnterprise">Whether the enterprise is a determined key enterprise (P0–P2).</param>
/// <param name="Unsecured">Whether the demand is for a loan without collateral or guarantee.</param>
public sealed record LoanDemand(
    string Id, long AmountFen, int TermMonths, string IndustryCode, string Region, bool KeyEnterprise, bool Unsecured);
