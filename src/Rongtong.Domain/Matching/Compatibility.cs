namespace Rongtong.Domain.Matching;

/// <summary>Why a product cannot take a demand; <see cref="None"/> means it can. Flags, so every reason is reported.</summary>
[Flags]
public enum Incompatibility
{
    None = 0,
    AmountBelowMinimum = 1,
    AmountAboveMaximum = 2,
    TermBelowMinimum = 4,
    TermAboveMaximum = 8,
    IndustryNotServed = 16,
    RegionNotServed = 32,
    KeyEnterprisesOnly = 64,
    SecurityRequired = 128,
}

/// <summary>
/// Whether a product may be pushed a demand (INTERFACES.md <c>rongtong match</c>, POLICY.md P8 "whose
/// products fit it"): <c>min_amount ≤ amount ≤ max_amount</c>, <c>min_term ≤ term ≤ max_term</c>, the
/// industry class starts with one of the product's prefixes and the region with one of its regions (an
/// empty list serves all), a key-only product takes only key enterprises, and an unsecured demand needs
/// an <c>unsecured_ok</c> product. Nothing else: a product's wider reach is scored by <see cref="FitScore"/>, not filtered.
/// </summary>
public static class Compatibility
{
    public static bool IsCompatible(CreditProduct product, LoanDemand demand) => Check(product, demand) == Incompatibility.None;

    /// <summary>Every reason the product cannot take the demand, or <see cref="Incompatibility.None"/>.</summary>
    public static Incompatibility Check(CreditProduct product, LoanDemand demand)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(demand);
        var r = Incompatibility.None;
        if (demand.AmountFen < product.MinAmountFen)
        {
            r |= Incompatibility.AmountBelowMinimum;
        }

        if (demand.AmountFen > product.MaxAmountFen)
        {
            r |= Incompatibility.AmountAboveMaximum;
        }

        if (demand.TermMonths < product.MinTermMonths)
        {
            r |= Incompatibility.TermBelowMinimum;
        }

        if (demand.TermMonths > product.MaxTermMonths)
        {
            r |= Incompatibility.TermAboveMaximum;
        }

        if (LongestPrefix(product.IndustryPrefixes, demand.IndustryCode) < 0)
        {
            r |= Incompatibility.IndustryNotServed;
        }

        if (LongestPrefix(product.Regions, demand.Region) < 0)
        {
            r |= Incompatibility.RegionNotServed;
        }

        if (product.KeyOnly && !demand.KeyEnterprise)
        {
            r |= Incompatibility.KeyEnterprisesOnly;
        }

        if (demand.Unsecured && !product.UnsecuredOk)
        {
            r |= Incompatibility.SecurityRequired;
        }

        return r;
    }

    /// <summary>
    /// The length of the longest prefix in <paramref name="prefixes"/> that <paramref name="code"/> starts
    /// with (ordinal); 0 when the list is empty (serves all); −1 when none matches.
    /// </summary>
    public static int LongestPrefix(IReadOnlyList<string> prefixes, string code)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        ArgumentNullException.ThrowIfNull(code);
        if (prefixes.Count == 0)
        {
            return 0;
        }

        var best = -1;
        foreach (var p in prefixes)
        {
            if (p.Length > best && code.StartsWith(p, StringComparison.Ordinal))
            {
                best = p.Length;
            }
        }

        return best;
    }
}
