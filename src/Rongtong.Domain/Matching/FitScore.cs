namespace Rongtong.Domain.Matching;

/// <summary>
/// How well a compatible product fits a demand, in basis points (0–10,000 = 0–1), with the parts that make
/// it up, so the enterprise can be shown "why this bank" (POLICY.md P8: pushes go to "banks whose products
/// fit it"; the batch maximises total fit once coverage and pushes are maximal). Integer arithmetic only,
/// so the same inputs give the same score on every machine and the optimiser's costs are exact.
/// </summary>
/// <remarks>
/// Components, each 0–10,000, and their weights (sum 100):
/// <list type="bullet">
/// <item><b>amount</b> (35): how central the amount is in the product's range — 10,000 at the midpoint,
/// 0 at either end (a single-value range scores 10,000). A demand at the edge of a range is the one a
/// bank is likeliest to trim or refuse.</item>
/// <item><b>term</b> (25): the same for the term in months.</item>
/// <item><b>industry</b> (20): how specifically the product names the industry — the longest matching
/// prefix's length over the class code's length (a product for "13" scores 5,000 on class 1311, one for
/// "1311" 10,000, one for any industry 0). A product designed for the sector understands it.</item>
/// <item><b>region</b> (10): the same for the region code (a product for "3301" scores 6,667 on 330106).</item>
/// <item><b>targeting</b> (10): 5,000 when the product's key-only flag equals the demand's key status
/// (a key enterprise on a key-enterprise product, or anyone on a general product), plus 5,000 when the
/// product's unsecured flag equals the demand's (a credit product for a credit demand, a secured product
/// for a secured one).</item>
/// </list>
/// The total is ⌊Σ weight × component / 100⌋, so it lies in [0, 10,000].
/// </remarks>
public readonly record struct FitScore(int Amount, int Term, int Industry, int Region, int Targeting)
{
    public const int Scale = 10_000;
    public const int AmountWeight = 35;
    public const int TermWeight = 25;
    public const int IndustryWeight = 20;
    public const int RegionWeight = 10;
    public const int TargetingWeight = 10;

    /// <summary>The weighted total in basis points, 0–10,000.</summary>
    public int Total => ((AmountWeight * Amount) + (TermWeight * Term) + (IndustryWeight * Industry) + (RegionWeight * Region) + (TargetingWeight * Targeting)) / 100;

    /// <summary>The total as a fraction in [0, 1].</summary>
    public decimal Value => Total / (decimal)Scale;

    /// <summary>The components with their weights, for explanations: (name, weight in %, score 0–10,000).</summary>
    public IReadOnlyList<(string Name, int Weight, int Score)> Components =>
    [
        ("amount", AmountWeight, Amount),
        ("term", TermWeight, Term),
        ("industry", IndustryWeight, Industry),
        ("region", RegionWeight, Region),
        ("targeting", TargetingWeight, Targeting),
    ];

    /// <summary>The score of a product for a demand it is compatible with (see <see cref="Compatibility"/>).</summary>
    /// <exception cref="ArgumentException">The product is not compatible with the demand.</exception>
    public static FitScore Of(CreditProduct product, LoanDemand demand)
    {
        var why = Compatibility.Check(product, demand);
        if (why != Incompatibility.None)
        {
            throw new ArgumentException($"product {product.Id} is not compatible with demand {demand.Id}: {why}", nameof(product));
        }

        return new FitScore(
            Centrality(demand.AmountFen, product.MinAmountFen, product.MaxAmountFen),
            Centrality(demand.TermMonths, product.MinTermMonths, product.MaxTermMonths),
            Specificity(Compatibility.LongestPrefix(product.IndustryPrefixes, demand.IndustryCode), demand.IndustryCode.Length),
            Specificity(Compatibility.LongestPrefix(product.Regions, demand.Region), demand.Region.Length),
            TargetingScore(product.KeyOnly, product.UnsecuredOk, demand.KeyEnterprise, demand.Unsecured));
    }

    /// <summary>10,000 × (1 − |x − mid| / half-width), rounded down; 10,000 for a one-point range. Needs min ≤ x ≤ max.</summary>
    public static int Centrality(long x, long min, long max)
    {
        if (max == min)
        {
            return Scale;
        }

        var off = (Int128)x * 2 - min - max;
        if (off < 0)
        {
            off = -off;
        }

        var width = (Int128)max - min;
        return (int)(Scale - ((off * Scale) + width - 1) / width);
    }

    /// <summary>10,000 × matched / length, rounded down; 0 when the list was empty (matched = 0).</summary>
    public static int Specificity(int matched, int length) =>
        matched <= 0 || length <= 0 ? 0 : Math.Min(Scale, matched * Scale / length);

    public static int TargetingScore(bool keyOnly, bool unsecuredOk, bool key, bool unsecured) =>
        (keyOnly == key ? Scale / 2 : 0) + (unsecuredOk == unsecured ? Scale / 2 : 0);
}
