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
        var (uscc, year, tax, columns, length) = ReadHeader(path, displayName);
        return LoadRows(path, displayName, uscc, year, tax, columns, length, firstYear, years, report, progress);
    }

    /// <summary>Checks the header (Sep reads it, so its errors are Sep's); returns the column indexes, count and file length.</summary>
    public static (int Uscc, int Year, int Tax, int Columns, long Length) ReadHeader(string path, string displayName)
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

        return (uscc, year, tax, header.ColNames.Count, length);
    }

    /// <summary>The rows after the header, read as bytes; each row is checked exactly as the text rules say, in file order.</summary>
    public static TaxBook LoadRows(
        string path, string displayName, int uscc, int year, int tax, int columns, long length,
        int firstYear, int years, Action<string> report, Action<double>? progress)
    {
        using var reader = new ByteCsvReader(CsvFiles.Open(path, displayName));
        reader.MoveNext(); // the header, already checked
        var max = Math.Max(uscc, Math.Max(year, tax));
        var book = new TaxBook(firstYear, years, (int)Math.Min(4_000_000, Math.Max(1024, length / 100)));
        var lastYear = firstYear + years - 1;
        UInt128 previousKey = 0;
        var previousEntry = -1;
        while (reader.MoveNext())
        {
            book.Rows++;
            if ((book.Rows & 0xFFFF) == 0)
            {
                progress?.Invoke((double)reader.Position / length);
            }

            var line = reader.LineNumberFrom;
            if (reader.ColCount <= max)
            {
                book.Bad(report, $"{displayName}:{line}: row has {reader.ColCount} fields, the header has {columns}");
                continue;
            }

            var code = reader[uscc];
            if (!Uscc.TryPack(code, out var key))
            {
                var text = Text(code);
                book.Bad(report, $"{displayName}:{line}:{uscc + 1}: uscc: {Uscc.Validate(text)}");
                continue;
            }

            var yearSpan = reader[year];
            if (!Year(yearSpan, out var y))
            {
                book.Bad(report, $"{displayName}:{line}:{year + 1}: year: '{Text(yearSpan)}' is not a calendar year");
                continue;
            }

            var taxSpan = reader[tax];
            if (!Fen(taxSpan, out var fen))
            {
                var text = Text(taxSpan);
                if (!Domain.Money.Money.TryParse(text, out var paid, out var moneyError) || paid.Fen < 0)
                {
                    book.Bad(report, $"{displayName}:{line}:{tax + 1}: tax_paid: {moneyError ?? $"'{text}' must not be negative"}");
                    continue;
                }

                fen = paid.Fen;
            }

            int entry;
            if (previousEntry >= 0 && key == previousKey)
            {
                entry = previousEntry; // feeds are grouped by enterprise: skip the hash for a repeat
            }
            else
            {
                entry = book._map.GetOrAdd(key, book._count, out var added);
                if (added)
                {
                    book.Append(line);
                }

                previousKey = key;
                previousEntry = entry;
            }

            if (y < firstYear || y > lastYear)
            {
                book.OutsideWindow++;
                continue;
            }

            var bit = (byte)(1 << (y - firstYear));
            if ((book._present[entry] & bit) != 0)
            {
                book.Bad(report, $"{displayName}:{line}: a second row for {Text(code)} in {y} (one row per enterprise and year); this row is ignored");
                continue;
            }

            book._present[entry] |= bit;
            book._fen[(entry * years) + (y - firstYear)] = fen;
        }

        progress?.Invoke(1);
        return book;
    }

    private static string Text(ReadOnlySpan<byte> utf8) => System.Text.Encoding.UTF8.GetString(utf8);

    /// <summary>Four ASCII digits, at least 1900: the same years as <c>int.TryParse</c> with <see cref="NumberStyles.None"/> on four characters.</summary>
    private static bool Year(ReadOnlySpan<byte> s, out int year)
    {
        year = 0;
        if (s.Length != 4)
        {
            return false;
        }

        var d0 = (uint)(s[0] - '0');
        var d1 = (uint)(s[1] - '0');
        var d2 = (uint)(s[2] - '0');
        var d3 = (uint)(s[3] - '0');
        if (d0 > 9 || d1 > 9 || d2 > 9 || d3 > 9)
        {
            return false;
        }

        year = (int)((d0 * 1000) + (d1 * 100) + (d2 * 10) + d3);
        return year >= 1900;
    }

    /// <summary>
    /// The common amount shape only (1–13 digits, at most <see cref="Domain.Money.Money.MaxWholeDigits"/>, optionally '.' and one or two digits; no sign); anything
    /// else goes through <see cref="Domain.Money.Money.TryParse"/>, which gives the same value or the message.
    /// </summary>
    private static bool Fen(ReadOnlySpan<byte> s, out long fen)
    {
        fen = 0;
        long whole = 0;
        var i = 0;
        for (; i < s.Length; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9)
            {
                break;
            }

            whole = (whole * 10) + d;
        }

        if (i == 0 || i > Domain.Money.Money.MaxWholeDigits)
        {
            return false;
        }

        if (i == s.Length)
        {
            fen = whole * 100;
            return true;
        }

        if (s[i] != (byte)'.')
        {
            return false;
        }

        var decimals = s.Length - i - 1;
        if (decimals == 1)
        {
            var d = (uint)(s[i + 1] - '0');
            if (d > 9)
            {
                return false;
            }

            fen = (whole * 100) + (d * 10);
            return true;
        }

        if (decimals == 2)
        {
            var d1 = (uint)(s[i + 1] - '0');
            var d2 = (uint)(s[i + 2] - '0');
            if (d1 > 9 || d2 > 9)
            {
                return false;
            }

            fen = (whole * 100) + (d1 * 10) + d2;
            return true;
        }

        return false;
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
