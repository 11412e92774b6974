using System.Globalization;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace Rongtong.Application.Infrastructure;

/// <summary>One data row of an uploaded table: its 1-based line (CSV line or sheet row) and its fields by column.</summary>
public sealed record TabularRow(int Line, string[] Fields);

/// <summary>A bad upload as a whole (no header, a required column missing, not a CSV/XLSX file).</summary>
public sealed class TabularFormatException(string message) : Exception(message);

/// <summary>
/// Reads a feed file the same way whether it is UTF-8 CSV (RFC 4180) or an .xlsx sheet with the same
/// columns: a header row, then data rows, fields as text. Streams; never holds the file.
/// </summary>
public static class TabularFile
{
    public static bool IsExcel(string fileName) => fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens the table; <paramref name="columns"/> are required and come back in that order in each row's fields.</summary>
    public static (IEnumerable<TabularRow> Rows, int ExtraColumns) Open(Stream content, string fileName, IReadOnlyList<string> columns)
    {
        if (IsExcel(fileName))
        {
            return (ReadExcel(content, fileName, columns), 0);
        }

        if (!fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !fileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            throw new TabularFormatException($"{fileName}: only .csv and .xlsx files are accepted");
        }

        return (ReadCsv(content, fileName, columns), 0);
    }

    private static IEnumerable<TabularRow> ReadCsv(Stream content, string fileName, IReadOnlyList<string> columns)
    {
        SepReader reader;
        try
        {
            reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = true }).From(content);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new TabularFormatException($"{fileName}:1: {e.Message}");
        }

        if (reader.Header.IsEmpty || reader.Header.ColNames.All(string.IsNullOrWhiteSpace))
        {
            reader.Dispose();
            throw new TabularFormatException($"{fileName}:1: the file is empty (a header row is required)");
        }

        var index = Indexes(reader.Header.ColNames, columns, fileName);
        return Rows(reader, index);

        static IEnumerable<TabularRow> Rows(SepReader reader, int[] index)
        {
            using (reader)
            {
                foreach (var row in reader)
                {
                    var fields = new string[index.Length];
                    for (var k = 0; k < index.Length; k++)
                    {
                        fields[k] = index[k] < row.ColCount ? row[index[k]].ToString().Trim() : MissingField;
                    }

                    yield return new TabularRow(row.LineNumberFrom, fields);
                }
            }
        }
    }

    /// <summary>Marks a field the row does not have (a short row).</summary>
    public const string MissingField = "\u0000missing";

    private static IEnumerable<TabularRow> ReadExcel(Stream content, string fileName, IReadOnlyList<string> columns)
    {
        IEnumerator<IDictionary<string, object?>> rows;
        try
        {
            rows = MiniExcel.Query(content, useHeaderRow: false, excelType: ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>().GetEnumerator();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or NotSupportedException)
        {
            throw new TabularFormatException($"{fileName}: not a readable .xlsx workbook ({e.Message})");
        }

        bool MoveNext()
        {
            try
            {
                return rows.MoveNext();
            }
            catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or NotSupportedException or System.Xml.XmlException)
            {
                throw new TabularFormatException($"{fileName}: not a readable .xlsx workbook ({e.Message})");
            }
        }

        if (!MoveNext())
        {
            throw new TabularFormatException($"{fileName}:1: the sheet is empty (a header row is required)");
        }

        var headerCells = rows.Current;
        var letters = headerCells.Keys.ToList();
        var names = letters.Select(l => Text(headerCells[l])).ToList();
        var index = Indexes(names, columns, fileName);
        return Rows(rows, letters, index);

        static IEnumerable<TabularRow> Rows(IEnumerator<IDictionary<string, object?>> rows, List<string> letters, int[] index)
        {
            using (rows)
            {
                var line = 1;
                while (rows.MoveNext())
                {
                    line++;
                    var cells = rows.Current;
                    if (cells.Values.All(v => v is null || Text(v).Length == 0))
                    {
                        continue;
                    }

                    var fields = new string[index.Length];
                    for (var k = 0; k < index.Length; k++)
                    {
                        fields[k] = cells.TryGetValue(letters[index[k]], out var v) ? Text(v) : "";
                    }

                    yield return new TabularRow(line, fields);
                }
            }
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => d.ToString("0", CultureInfo.InvariantCulture),
        double d => d.ToString("0.00", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "",
    };

    private static int[] Indexes(IReadOnlyList<string> header, IReadOnlyList<string> columns, string fileName)
    {
        var index = new int[columns.Count];
        for (var k = 0; k < columns.Count; k++)
        {
            index[k] = -1;
            for (var i = 0; i < header.Count; i++)
            {
                if (string.Equals(header[i].Trim().TrimStart('\uFEFF'), columns[k], StringComparison.Ordinal))
                {
                    index[k] = i;
                    break;
                }
            }

            if (index[k] < 0)
            {
                throw new TabularFormatException($"{fileName}:1: required column '{columns[k]}' is missing from the header");
            }
        }

        return index;
    }
}
