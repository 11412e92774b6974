using System.Text;
using nietras.SeparatedValues;
using Rongtong.Domain.Policy;
using Rongtong.Domain.Registry;
using Rongtong.Domain.Rules;

namespace Rongtong.Cli.Determine;

/// <summary>
/// Reads one row of <c>enterprises.csv</c> (INTERFACES.md columns, any order) into <see cref="EnterpriseFacts"/>,
/// naming every bad field. Shared by <c>determine</c> and <c>explain</c> so both read a row the same way.
/// </summary>
internal sealed class EnterpriseRowReader
{
    public static readonly string[] Columns =
    [
        "uscc", "name", "industry_code", "key_industry", "registered_region", "tax_region", "operating_region",
        "outsourced_production", "output_counted_in_hangzhou", "tax_credit_rating", "high_tech", "tech_sme",
    ];

    private readonly ReferenceTables _tables;
    private readonly int _uscc, _industry, _tag, _reg, _tax, _ops, _outsourced, _counted, _rating, _highTech, _techSme;
    private readonly int _maxIndex;

    public EnterpriseRowReader(SepReaderHeader header, string file, ReferenceTables tables)
    {
        _tables = tables;
        var index = new int[Columns.Length];
        for (var i = 0; i < Columns.Length; i++)
        {
            if (!header.TryIndexOf(Columns[i], out index[i]))
            {
                throw new UsageException($"{file}:1: required column '{Columns[i]}' is missing from the header (columns: {string.Join(",", header.ColNames)})");
            }
        }

        (_uscc, _industry, _tag, _reg, _tax, _ops, _outsourced, _counted, _rating, _highTech, _techSme) =
            (index[0], index[2], index[3], index[4], index[5], index[6], index[7], index[8], index[9], index[10], index[11]);
        _maxIndex = index.Max();
        ColumnCount = header.ColNames.Count;
    }

    public int ColumnCount { get; }

    public int UsccIndex => _uscc;

    /// <summary>Null when the row is valid, else every fault of the row (field and why), <c>; </c>-separated.</summary>
    public string? Read(SepReader.Row row, out EnterpriseFacts facts)
    {
        facts = default;
        if (row.ColCount <= _maxIndex)
        {
            return $"row has {row.ColCount} fields, the header has {ColumnCount}";
        }

        StringBuilder? errors = null;
        void Fault(string message) => (errors ??= new StringBuilder()).Append(errors.Length > 0 ? "; " : "").Append(message);

        var usccError = Uscc.Validate(row[_uscc].Span);
        if (usccError is not null)
        {
            Fault($"uscc: {usccError}");
        }

        var industrySpan = row[_industry].Span;
        var industry = IndustryCode.Parse(industrySpan);
        if (industry < 0 || !_tables.IsIndustryClass(industry))
        {
            Fault($"industry_code: '{industrySpan}' is not a GB/T 4754-2017 class code");
        }

        var tagSpan = row[_tag].Span;
        var tag = tagSpan.IsEmpty ? 0 : _tables.TagIndex(tagSpan);
        if (tag < 0)
        {
            Fault($"key_industry: '{tagSpan}' is not a \"5+3\" tag");
        }

        var reg = Region(row, _reg, "registered_region", ref errors);
        var tax = Region(row, _tax, "tax_region", ref errors);
        var ops = Region(row, _ops, "operating_region", ref errors);
        var outsourced = Bool(row, _outsourced, "outsourced_production", ref errors);
        var counted = Bool(row, _counted, "output_counted_in_hangzhou", ref errors);
        var highTech = Bool(row, _highTech, "high_tech", ref errors);
        var techSme = Bool(row, _techSme, "tech_sme", ref errors);
        var ratingSpan = row[_rating].Span;
        var rating = ratingSpan switch
        {
            "" => TaxRating.None,
            "A" => TaxRating.A,
            "B" => TaxRating.B,
            "M" => TaxRating.M,
            "C" => TaxRating.C,
            "D" => TaxRating.D,
            _ => (TaxRating)255,
        };
        if ((byte)rating == 255)
        {
            Fault($"tax_credit_rating: '{ratingSpan}' is not one of A, B, M, C, D or empty");
        }

        if (errors is not null)
        {
            return errors.ToString();
        }

        facts = new EnterpriseFacts(tag, industry, reg, tax, ops, outsourced, counted, rating, highTech, techSme);
        return null;
    }

    private static int Region(SepReader.Row row, int index, string name, ref StringBuilder? errors)
    {
        var span = row[index].Span;
        var code = RegionCode.Parse(span);
        if (code < 110000)
        {
            (errors ??= new StringBuilder()).Append(errors.Length > 0 ? "; " : "").Append($"{name}: '{span}' is not a 6-digit GB/T 2260 division code");
        }

        return code;
    }

    private static bool Bool(SepReader.Row row, int index, string name, ref StringBuilder? errors)
    {
        var span = row[index].Span;
        if (span is "true")
        {
            return true;
        }

        if (span is "false")
        {
            return false;
        }

        (errors ??= new StringBuilder()).Append(errors.Length > 0 ? "; " : "").Append($"{name}: '{span}' must be true or false");
        return false;
    }
}
