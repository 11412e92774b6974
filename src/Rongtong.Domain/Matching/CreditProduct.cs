namespace Rongtong.Domain.Matching;

/// <summary>
/// A bank's credit product as far as matching is concerned (二(三)(四)): the amount and term ranges it
/// lends in (both ends inclusive), the industries and regions it serves (prefix lists, empty = any),
/// whether it is only for key enterprises and whether it lends without security.
/// </summary>
public sealed record CreditProduct
{
    public CreditProduct(
        string id, string bankId, long minAmountFen, long maxAmountFen, int minTermMonths, int maxTermMonths,
        IReadOnlyList<string> industryPrefixes, IReadOnlyList<string> regions, bool keyOnly, bool unsecuredOk)
    {
        if (minAmountFen > maxAmountFen)
        {
            throw new ArgumentException($"product {id}: min_amount is above max_amount", nameof(minAmountFen));
        }

        if (minTermMonths > maxTermMonths)
        {
            throw new ArgumentException($"product {id}: min_term_months is above max_term_months", nameof(minTermMonths));
        }

        Id = id;
        BankId = bankId;
        MinAmountFen = minAmountFen;
        MaxAmountFen = maxAmountFen;
        MinTermMonths = minTermMonths;
        MaxTermMonths = maxTermMonths;
        IndustryPrefixes = industryPrefixes;
        Regions = regions;
        KeyOnly = keyOnly;
        UnsecuredOk = unsecuredOk;
    }

    public string Id { get; }

    public string BankId { get; }

    public long MinAmountFen { get; }

    public long MaxAmountFen { get; }

    public int MinTermMonths { get; }

    public int MaxTermMonths { get; }

    /// <summary>Industry class prefixes the product serves; empty = every industry.</summary>
    public IReadOnlyList<string> IndustryPrefixes { get; }

    /// <summary>Region code prefixes the product serves; empty = every region.</summary>
    public IReadOnlyList<string> Regions { get; }

    public bool KeyOnly { get; }

    public bool UnsecuredOk { get; }

    /// <summary>Splits a <c>;</c>-separated prefix list; blanks are dropped, so an empty text means "any".</summary>
    public static IReadOnlyList<string> ParsePrefixes(string text) =>
        text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
