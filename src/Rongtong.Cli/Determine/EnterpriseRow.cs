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
    private static readonly string[] Columns = EnterpriseFields.Columns;

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
        Indexes = index;
    }

    /// <summary>The column index of each of <see cref="EnterpriseFields.Columns"/>, in that order.</summary>
    public IReadOnlyList<int> Indexes { get; }

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

        var errors = EnterpriseFields.Parse(
            row[_uscc].Span, row[_industry].Span, row[_tag].Span, row[_reg].Span, row[_tax].Span, row[_ops].Span,
            row[_outsourced].Span, row[_counted].Span, row[_rating].Span, row[_highTech].Span, row[_techSme].Span,
            _tables, out facts);
        return errors is null ? null : string.Join("; ", errors);
    }
}
