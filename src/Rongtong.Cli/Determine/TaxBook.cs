using System.Globalization;
using Rongtong.Domain.Registry;

namespace Rongtong.Cli.Determine;

/// <summary>
/// The tax rows of <c>taxes.csv</c> summed per enterprise over the quota window (三(二) "前3年"), held in
/// flat arrays. Bad rows are reported with their line and skipped; they never stop the run.
/// </summary>
internal sealed class TaxBook
{
    private readonly UsccMap _map;
    private long[] _fen;
    private byte[] _present;
    private int[] _firstLine;
    private bool[] _matched;
    private int _count;

    private TaxBook(int firstYear, int years, int expected)
    {
        FirstYear = firstYear;
        Years = years;
        _map = new UsccMap(expected);
        _fen = new long[expected * years];
        _present = new byte[expected];
        _firstLine = new int[expected];
        _matched = new bool[expected];
    }

    public int FirstYear { get; }

    public int Years { get; }

    public long Rows { get; private set; }

    public long BadRows { get; private set; }

    public long OutsideWindow { get; private set; }

    /// <summary>Loads <paramref name="path"/>; <paramref name="report"/> receives each bad row's message.</summary>
    public static TaxBook Load(string path, string displayName, int firstYear, int years, Action<string> report, Action<double>? progress)
    {
        using var stream = CsvFiles.Open(path, displayName);
        var length = Math.Max(1, stream.Length);
        using var reader = CsvFiles.Reader(stream, displayName);
        var header = reader.Header;
        int uscc = 0, year = 0, tax = 0;
        foreach (var (name, index) in new[] { ("uscc", 0), ("year", 1), ("tax_paid", 2) })
        {
            if (!header.TryIndexOf(name, out var i))
            {
                throw new UsageException($"{displayName}:1: required column '{name}' is missing from the header (columns: {string.Join(",", header.ColNames)})");
            }

            switch (index)
            {
                case 0: uscc = i; break;
                case 1: year = i; break;
                default: tax = i; break;
            }
        }

        var max = Math.Max(uscc, Math.Max(year, tax));
        var book = new TaxBook(firstYear, years, (int)Math.Min(4_000_000, Math.Max(1024, length / 100)));
        var lastYear = firstYear + years - 1;
        foreach (var row in reader)
        {
            book.Rows++;
            if ((book.Rows & 0xFFFF) == 0)
            {
                progress?.Invoke((double)stream.Position / length);
            }

            var line = row.LineNumberFrom;
            if (row.ColCount <= max)
            {
                book.Bad(report, $"{displayName}:{line}: row has {row.ColCount} fields, the header has {header.ColNames.Count}");
                continue;
            }

            var code = row[uscc].Span;
            if (!Uscc.IsValid(code))
            {
                book.Bad(report, $"{displayName}:{line}:{uscc + 1}: uscc: {Uscc.Validate(code)}");
                continue;
            }

            var yearSpan = row[year].Span;
            if (yearSpan.Length != 4 || !int.TryParse(yearSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y < 1900)
            {
                book.Bad(report, $"{displayName}:{line}:{year + 1}: year: '{yearSpan}' is not a calendar year");
                continue;
            }

            if (!Domain.Money.Money.TryParse(row[tax].Span, out var paid, out var moneyError) || paid.Fen < 0)
            {
                book.Bad(report, $"{displayName}:{line}:{tax + 1}: tax_paid: {moneyError ?? $"'{row[tax].Span}' must not be negative"}");
                continue;
            }

            var entry = book._map.GetOrAdd(Uscc.Pack(code), book._count, out var added);
            if (added)
            {
                book.Append(line);
            }

            if (y < firstYear || y > lastYear)
            {
                book.OutsideWindow++;
                continue;
            }

            var bit = (byte)(1 << (y - firstYear));
            if ((book._present[entry] & bit) != 0)
            {
                book.Bad(report, $"{displayName}:{line}: a second row for {code} in {y} (one row per enterprise and year); this row is ignored");
                continue;
            }

            book._present[entry] |= bit;
            book._fen[(entry * years) + (y - firstYear)] = paid.Fen;
        }

        progress?.Invoke(1);
        return book;
    }

    private void Bad(Action<string> report, string message)
    {
        BadRows++;
        report(message);
    }

    private void Append(int line)
    {
        if (_count == _present.Length)
        {
            var size = _count * 2;
            Array.Resize(ref _fen, size * Years);
            Array.Resize(ref _present, size);
            Array.Resize(ref _firstLine, size);
            Array.Resize(ref _matched, size);
        }

        _firstLine[_count] = line;
        _count++;
    }

    /// <summary>Marks the enterprise as known and returns its window sum and whether any window year is missing.</summary>
    public long Claim(UInt128 key, out bool anyMissing)
    {
        if (!_map.TryGet(key, out var entry))
        {
            anyMissing = true;
            return 0;
        }

        _matched[entry] = true;
        var full = (1 << Years) - 1;
        anyMissing = _present[entry] != full;
        long sum = 0;
        var fen = _fen.AsSpan(entry * Years, Years);
        foreach (var v in fen)
        {
            sum += v;
        }

        return sum;
    }

    /// <summary>The per-year window amounts of one enterprise (null = no row), marking it known.</summary>
    public IReadOnlyList<(int Year, Domain.Money.Money? Tax)> Window(UInt128 key)
    {
        var result = new List<(int, Domain.Money.Money?)>();
        var found = _map.TryGet(key, out var entry);
        if (found)
        {
            _matched[entry] = true;
        }

        for (var k = 0; k < Years; k++)
        {
            Domain.Money.Money? value = found && (_present[entry] & (1 << k)) != 0 ? new Domain.Money.Money(_fen[(entry * Years) + k]) : null;
            result.Add((FirstYear + k, value));
        }

        return result;
    }

    public void MarkKnown(UInt128 key)
    {
        if (_map.TryGet(key, out var entry))
        {
            _matched[entry] = true;
        }
    }

    /// <summary>The first line of each enterprise in the tax file that no enterprise row claimed.</summary>
    public IEnumerable<int> UnclaimedLines()
    {
        for (var i = 0; i < _count; i++)
        {
            if (!_matched[i])
            {
                yield return _firstLine[i];
            }
        }
    }
}
