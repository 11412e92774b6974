using System.Diagnostics;
using System.Globalization;

namespace Rongtong.Bench;

/// <summary>
/// <c>generate --enterprises N --seed S --out DIR [--bad-rows]</c>: writes DIR/enterprises.csv and
/// DIR/taxes.csv in the INTERFACES.md columns. The same arguments give byte-identical files.
/// </summary>
internal static class GenerateCommand
{
    public const string Usage = "usage: generate --enterprises N --seed S --out DIR [--bad-rows]";

    public static int Run(string[] args)
    {
        int? count = null;
        ulong seed = 42;
        string? outDir = null;
        var badRows = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--enterprises":
                    count = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = ulong.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--out":
                    outDir = Value();
                    break;
                case "--bad-rows":
                    badRows = true;
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }

        if (count is null or < 1 || outDir is null)
        {
            throw new ArgumentException("--enterprises (≥ 1) and --out are required");
        }

        var watch = Stopwatch.StartNew();
        Directory.CreateDirectory(outDir);
        var tables = GeneratorTables.Load(RepoRoot.Find());
        var (enterpriseBytes, taxRows, taxBytes, defects) = Write(tables, count.Value, seed, badRows, outDir);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generate: {count} enterprises ({enterpriseBytes / (double)count:0.0} bytes a row, {enterpriseBytes / 1e6:0.0} MB), " +
            $"{taxRows} tax rows ({taxBytes / 1e6:0.0} MB), seed {seed}, {watch.Elapsed.TotalSeconds:0.00} s -> {outDir}"));
        foreach (var (line, defect) in defects)
        {
            Console.Error.WriteLine($"enterprises.csv:{line}: {defect}");
        }

        return 0;
    }

    /// <summary>Writes both files; returns the enterprise file size, the tax row count and size, and the defective rows (1-based lines).</summary>
    public static (long EnterpriseBytes, long TaxRows, long TaxBytes, List<(int Line, Defect Defect)> Defects) Write(
        GeneratorTables tables, int count, ulong seed, bool badRows, string outDir)
    {
        var registry = new SyntheticRegistry(tables, seed, count, badRows);
        var tagBytes = tables.KeyIndustryTags.Select(t => System.Text.Encoding.ASCII.GetBytes(t)).ToArray();
        var defects = new List<(int, Defect)>();
        long taxRows = 0;
        using var enterprises = new CsvBytes(Path.Combine(outDir, "enterprises.csv"));
        using var taxes = new CsvBytes(Path.Combine(outDir, "taxes.csv"));
        enterprises.Ascii("uscc,name,industry_code,key_industry,registered_region,tax_region,operating_region,outsourced_production,output_counted_in_hangzhou,tax_credit_rating,high_tech,tech_sme\n"u8);
        taxes.Ascii("uscc,year,tax_paid\n"u8);
        var e = new SyntheticEnterprise();
        for (var i = 0; i < count; i++)
        {
            registry.Fill(i, e);
            if (e.Defect != Defect.None)
            {
                defects.Add((i + 2, e.Defect));
            }

            enterprises.Chars(e.Uscc);
            enterprises.Byte((byte)',');
            enterprises.Field(e.Name);
            enterprises.Byte((byte)',');
            Digits4(enterprises, e.IndustryClass);
            enterprises.Byte((byte)',');
            if (e.TagIndex > 0)
            {
                enterprises.Ascii(tagBytes[e.TagIndex - 1]);
            }

            enterprises.Byte((byte)',');
            if (e.Defect == Defect.BadRegion)
            {
                enterprises.Ascii("33010"u8);
            }
            else
            {
                enterprises.Int(e.RegisteredRegion);
            }

            enterprises.Byte((byte)',');
            enterprises.Int(e.TaxRegion);
            enterprises.Byte((byte)',');
            enterprises.Int(e.OperatingRegion);
            enterprises.Byte((byte)',');
            enterprises.Bool(e.Outsourced);
            enterprises.Byte((byte)',');
            enterprises.Bool(e.Counted);
            enterprises.Byte((byte)',');
            if (e.Rating != '\0')
            {
                enterprises.Byte((byte)e.Rating);
            }

            enterprises.Byte((byte)',');
            enterprises.Bool(e.HighTech);
            enterprises.Byte((byte)',');
            enterprises.Bool(e.TechSme);
            enterprises.Byte((byte)'\n');

            for (var k = 0; k < e.TaxFen.Length; k++)
            {
                if ((e.TaxYears & (1 << k)) == 0)
                {
                    continue;
                }

                taxRows++;
                taxes.Chars(e.Uscc);
                taxes.Byte((byte)',');
                taxes.Int(SyntheticEnterprise.FirstYear + k);
                taxes.Byte((byte)',');
                taxes.Yuan(e.TaxFen[k]);
                taxes.Byte((byte)'\n');
            }
        }

        enterprises.Dispose();
        taxes.Dispose();
        return (enterprises.BytesWritten, taxRows, taxes.BytesWritten, defects);
    }

    private static void Digits4(CsvBytes into, int code)
    {
        into.Byte((byte)('0' + (code / 1000)));
        into.Byte((byte)('0' + (code / 100 % 10)));
        into.Byte((byte)('0' + (code / 10 % 10)));
        into.Byte((byte)('0' + (code % 10)));
    }
}
