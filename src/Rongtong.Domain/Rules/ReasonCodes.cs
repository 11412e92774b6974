namespace Rongtong.Domain.Rules;

/// <summary>
/// Reasons a determination reports (POLICY.md P0–P2). Flags so the batch rule can carry several in one
/// word; <see cref="ReasonCodes.Format"/> writes them in this declared order, <c>;</c>-separated.
/// </summary>
[Flags]
public enum Reasons : uint
{
    None = 0,

    /// <summary>No policy version covers the as-of date (P0).</summary>
    PolicyNotInForce = 1 << 0,

    /// <summary>Neither a "5+3" tag, nor manufacturing, nor a producer service (一).</summary>
    NotInSector = 1 << 1,

    /// <summary>工商注册 not in Hangzhou (一).</summary>
    RegOutsideHz = 1 << 2,

    /// <summary>税务登记 not in Hangzhou (一).</summary>
    TaxOutsideHz = 1 << 3,

    /// <summary>主要生产经营地 not in Hangzhou and the outsourcing branch does not hold (一).</summary>
    OpsOutsideHz = 1 << 4,

    /// <summary>Operations count as in Hangzhou through 委托外地加工 with output counted in Hangzhou (一).</summary>
    OpsOutsourcedCounted = 1 << 5,

    /// <summary>A tax year of the quota window has no row; it counts as 0 (三(二)).</summary>
    TaxYearMissing = 1 << 6,
}

public static class ReasonCodes
{
    private static readonly (Reasons Flag, string Code)[] Codes =
    [
        (Reasons.PolicyNotInForce, "POLICY_NOT_IN_FORCE"),
        (Reasons.NotInSector, "NOT_IN_SECTOR"),
        (Reasons.RegOutsideHz, "REG_OUTSIDE_HZ"),
        (Reasons.TaxOutsideHz, "TAX_OUTSIDE_HZ"),
        (Reasons.OpsOutsideHz, "OPS_OUTSIDE_HZ"),
        (Reasons.OpsOutsourcedCounted, "OPS_OUTSOURCED_COUNTED"),
        (Reasons.TaxYearMissing, "TAX_YEAR_MISSING"),
    ];

    /// <summary>All 128 combinations pre-rendered, so bulk output never builds strings per row.</summary>
    private static readonly string[] Rendered = BuildRendered();

    private static string[] BuildRendered()
    {
        var all = new string[1 << Codes.Length];
        for (var m = 0; m < all.Length; m++)
        {
            all[m] = string.Join(';', Codes.Where(c => ((uint)m & (uint)c.Flag) != 0).Select(c => c.Code));
        }

        return all;
    }

    public static string Format(Reasons reasons) => Rendered[(int)reasons];

    public static IEnumerable<string> Each(Reasons reasons) =>
        Codes.Where(c => (reasons & c.Flag) != 0).Select(c => c.Code);

    public static string Code(Reasons reason) => Codes.First(c => c.Flag == reason).Code;
}
