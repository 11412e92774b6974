using nietras.SeparatedValues;
using Rongtong.Cli.Determine;
using Rongtong.Domain.Matching;
using Rongtong.Domain.Money;

namespace Rongtong.Cli.Match;

/// <summary>
/// The three input files of <c>rongtong match</c> (INTERFACES.md): UTF-8 CSV, header required, columns in
/// any order, RFC 4180 quoting. A bad row is named on stderr (file:line:column: field: why) and skipped; a
/// missing column, an unreadable or empty file stops the run (exit 2).
/// </summary>
internal sealed class MatchInput
{
    public static readonly string[] DemandColumns = ["demand_id", "uscc", "amount", "term_months", "industry_code", "region", "key_enterprise", "unsecured"];
    public static readonly string[] ProductColumns = ["product_id", "bank_id", "min_amount", "max_amount", "min_term_months", "max_term_months", "industry_prefixes", "regions", "key_only", "unsecured_ok"];
    public static readonly string[] BankColumns = ["bank_id", "capacity"];

    public List<LoanDemand> Demands { get; } = [];

    public List<CreditProduct> Products { get; } = [];

    public List<int> ProductBank { get; } = [];

    public List<string> BankIds { get; } = [];

    public List<int> Capacity { get; } = [];

    public int BadRows { get; private set; }

    /// <summary>Reads banks first (products name them), then products, then demands.</summary>
    public static MatchInput Read(string demandsPath, string productsPath, string banksPath, TextWriter stderr)
    {
        var input = new MatchInput();
        var banks = new Dictionary<string, int>(StringComparer.Ordinal);
        ReadFile(banksPath, BankColumns, stderr, input, (row, at) =>
        {
            var id = Required(row, at, 0);
            var capacity = Int(row, at, 1, 0);
            if (!banks.TryAdd(id, input.BankIds.Count))
            {
                throw at.Bad(0, $"a second row for bank '{id}'; this row is ignored");
            }

            input.BankIds.Add(id);
            input.Capacity.Add(capacity);
        });

        var productIds = new HashSet<string>(StringComparer.Ordinal);
        ReadFile(productsPath, ProductColumns, stderr, input, (row, at) =>
        {
            var id = Required(row, at, 0);
            var bankId = Required(row, at, 1);
            if (!banks.TryGetValue(bankId, out var bank))
            {
                throw at.Bad(1, $"no bank '{bankId}' in {Path.GetFileName(banksPath)}");
            }

            var minA = Amount(row, at, 2);
            var maxA = Amount(row, at, 3);
            if (minA > maxA)
            {
                throw at.Bad(3, $"{Text(row, at, 3)} is below min_amount {Text(row, at, 2)}");
            }

            var minT = Int(row, at, 4, 0);
            var maxT = Int(row, at, 5, 0);
            if (minT > maxT)
            {
                throw at.Bad(5, $"{maxT} is below min_term_months {minT}");
            }

            var industries = CreditProduct.ParsePrefixes(Text(row, at, 6));
            var regions = CreditProduct.ParsePrefixes(Text(row, at, 7));
            var keyOnly = Bool(row, at, 8);
            var unsecuredOk = Bool(row, at, 9);
            if (!productIds.Add(id))
            {
                throw at.Bad(0, $"a second row for product '{id}'; this row is ignored");
            }

            input.Products.Add(new CreditProduct(id, bankId, minA, maxA, minT, maxT, industries, regions, keyOnly, unsecuredOk));
            input.ProductBank.Add(bank);
        });

        var demandIds = new HashSet<string>(StringComparer.Ordinal);
        ReadFile(demandsPath, DemandColumns, stderr, input, (row, at) =>
        {
            var id = Required(row, at, 0);
            _ = Text(row, at, 1); // uscc: carried with the demand, not used by the matching
            var amount = Amount(row, at, 2);
            if (amount <= 0)
            {
                throw at.Bad(2, "must be above 0.00");
            }

            var term = Int(row, at, 3, 1);
            var industry = Required(row, at, 4);
            var region = Required(row, at, 5);
            var key = Bool(row, at, 6);
            var unsecured = Bool(row, at, 7);
            if (!demandIds.Add(id))
            {
                throw at.Bad(0, $"a second row for demand '{id}'; this row is ignored");
            }

            input.Demands.Add(new LoanDemand(id, amount, term, industry, region, key, unsecured));
        });
        return input;
    }

    private static void ReadFile(string path, string[] columns, TextWriter stderr, MatchInput input, Action<SepReader.Row, Place> read)
    {
        var name = Path.GetFileName(path);
        using var stream = CsvFiles.Open(path, name);
        using var reader = CsvFiles.Reader(stream, name);
        var header = reader.Header;
        var index = new int[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            if (!header.TryIndexOf(columns[i], out index[i]))
            {
                throw new UsageException($"{name}:1: required column '{columns[i]}' is missing from the header (columns: {string.Join(",", header.ColNames)})");
            }
        }

        var need = index.Max();
        var width = header.ColNames.Count;
        try
        {
            foreach (var row in reader)
            {
                var line = row.LineNumberFrom;
                if (row.ColCount == 1 && row[0].Span.IsEmpty)
                {
                    continue; // a blank line holds no row
                }

                if (row.ColCount <= need)
                {
                    input.Bad(stderr, $"{name}:{line}: row has {row.ColCount} fields, the header has {width}; this row is ignored");
                    continue;
                }

                try
                {
                    read(row, new Place(name, line, index, columns));
                }
                catch (BadRowException e)
                {
                    input.Bad(stderr, e.Message);
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"{name}: {e.Message}");
        }
    }

    private void Bad(TextWriter stderr, string message)
    {
        BadRows++;
        stderr.WriteLine(message);
    }

    private static string Text(SepReader.Row row, Place at, int field) => row[at.Index[field]].ToString();

    private static string Required(SepReader.Row row, Place at, int field)
    {
        var text = Text(row, at, field);
        return text.Length == 0 ? throw at.Bad(field, "must not be empty") : text;
    }

    private static long Amount(SepReader.Row row, Place at, int field)
    {
        var span = row[at.Index[field]].Span;
        if (!Money.TryParse(span, out var money, out var error))
        {
            throw at.Bad(field, error);
        }

        return money.Fen < 0 ? throw at.Bad(field, $"'{span}' must not be negative") : money.Fen;
    }

    private static int Int(SepReader.Row row, Place at, int field, int min)
    {
        var span = row[at.Index[field]].Span;
        return int.TryParse(span, System.Globalization.NumberStyles.None, null, out var v) && v >= min
            ? v
            : throw at.Bad(field, $"'{span}' is not a whole number ≥ {min}");
    }

    private static bool Bool(SepReader.Row row, Place at, int field)
    {
        var span = row[at.Index[field]].Span;
        if (span.SequenceEqual("true"))
        {
            return true;
        }

        return span.SequenceEqual("false") ? false : throw at.Bad(field, $"'{span}' is not true or false");
    }

    /// <summary>Where a field is: file, line, and the header's column number (1-based) for each required column.</summary>
    private readonly record struct Place(string File, int Line, int[] Index, string[] Columns)
    {
        public BadRowException Bad(int field, string why) =>
            new($"{File}:{Line}:{Index[field] + 1}: {Columns[field]}: {why}; this row is ignored");
    }

    private sealed class BadRowException(string message) : Exception(message);
}
