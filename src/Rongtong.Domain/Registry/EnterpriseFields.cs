using Rongtong.Domain.Policy;
using Rongtong.Domain.Rules;

namespace Rongtong.Domain.Registry;

/// <summary>A fault of one field of a registry row: the column and why.</summary>
public readonly record struct FieldError(string Column, string Message)
{
    public override string ToString() => $"{Column}: {Message}";
}

/// <summary>
/// Reads the fields of one <c>enterprises.csv</c> row (INTERFACES.md) into <see cref="EnterpriseFacts"/>,
/// naming every bad field. The CLI's streaming reader and the platform's import share it, so a row is
/// valid or not the same way everywhere.
/// </summary>
public static class EnterpriseFields
{
    public static readonly string[] Columns =
    [
        "uscc", "name", "industry_code", "key_industry", "registered_region", "tax_region", "operating_region",
        "outsourced_production", "output_counted_in_hangzhou", "tax_credit_rating", "high_tech", "tech_sme",
    ];

    /// <summary>Null when every field is valid; else the faults, in column order.</summary>
    public static List<FieldError>? Parse(
        ReadOnlySpan<char> uscc,
        ReadOnlySpan<char> industryCode,
        ReadOnlySpan<char> keyIndustry,
        ReadOnlySpan<char> registeredRegion,
        ReadOnlySpan<char> taxRegion,
        ReadOnlySpan<char> operatingRegion,
        ReadOnlySpan<char> outsourced,
        ReadOnlySpan<char> counted,
        ReadOnlySpan<char> rating,
        ReadOnlySpan<char> highTech,
        ReadOnlySpan<char> techSme,
        ReferenceTables tables,
        out EnterpriseFacts facts)
    {
        facts = default;
        List<FieldError>? errors = null;
        if (Uscc.Validate(uscc) is { } usccError)
        {
            (errors ??= []).Add(new("uscc", usccError));
        }

        var industry = IndustryCode.Parse(industryCode);
        if (industry < 0 || !tables.IsIndustryClass(industry))
        {
            (errors ??= []).Add(new("industry_code", $"'{industryCode}' is not a GB/T 4754-2017 class code"));
        }

        var tag = keyIndustry.IsEmpty ? 0 : tables.TagIndex(keyIndustry);
        if (tag < 0)
        {
            (errors ??= []).Add(new("key_industry", $"'{keyIndustry}' is not a \"5+3\" tag"));
        }

        var reg = Region(registeredRegion, "registered_region", ref errors);
        var tax = Region(taxRegion, "tax_region", ref errors);
        var ops = Region(operatingRegion, "operating_region", ref errors);
        var o = Bool(outsourced, "outsourced_production", ref errors);
        var c = Bool(counted, "output_counted_in_hangzhou", ref errors);
        var r = ParseRating(rating);
        if (r is null)
        {
            (errors ??= []).Add(new("tax_credit_rating", $"'{rating}' is not one of A, B, M, C, D or empty"));
        }

        var h = Bool(highTech, "high_tech", ref errors);
        var t = Bool(techSme, "tech_sme", ref errors);
        if (errors is not null)
        {
            return errors;
        }

        facts = new EnterpriseFacts(tag, industry, reg, tax, ops, o, c, r!.Value, h, t);
        return null;
    }

    public static TaxRating? ParseRating(ReadOnlySpan<char> rating) => rating switch
    {
        "" => TaxRating.None,
        "A" => TaxRating.A,
        "B" => TaxRating.B,
        "M" => TaxRating.M,
        "C" => TaxRating.C,
        "D" => TaxRating.D,
        _ => null,
    };

    private static int Region(ReadOnlySpan<char> span, string column, ref List<FieldError>? errors)
    {
        var code = RegionCode.Parse(span);
        if (code < 110000)
        {
            (errors ??= []).Add(new(column, $"'{span}' is not a 6-digit GB/T 2260 division code"));
        }

        return code;
    }

    private static bool Bool(ReadOnlySpan<char> span, string column, ref List<FieldError>? errors)
    {
        if (span is "true")
        {
            return true;
        }

        if (span is not "false")
        {
            (errors ??= []).Add(new(column, $"'{span}' must be true or false"));
        }

        return false;
    }
}
