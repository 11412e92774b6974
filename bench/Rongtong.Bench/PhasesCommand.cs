using System.Diagnostics;
using System.Globalization;
using Rongtong.Cli;
using Rongtong.Cli.Determine;

namespace Rongtong.Bench;

/// <summary>
/// <c>phases --enterprises F --taxes F [--as-of D]</c>: where a determine run spends its time, each phase
/// timed in-process (cold, as in the real command): tax load, enterprise parse only, then the full job.
/// </summary>
internal static class PhasesCommand
{
    public const string Usage = "usage: phases --enterprises FILE --taxes FILE [--as-of YYYY-MM-DD]";

    public static int Run(string[] args)
    {
        string? enterprises = null, taxes = null;
        var asOf = new DateOnly(2023, 6, 30);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--enterprises": enterprises = Value(); break;
                case "--taxes": taxes = Value(); break;
                case "--as-of": asOf = DateOnly.ParseExact(Value(), "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }

        if (enterprises is null || taxes is null)
        {
            throw new ArgumentException("--enterprises and --taxes are required");
        }

        var watch = Stopwatch.StartNew();
        var catalog = CliSupport.Catalog;
        Report("policy catalog load", watch);

        using (var rows = new ByteCsvReader(CsvFiles.Open(taxes, "taxes.csv")))
        {
            var count = 0;
            while (rows.MoveNext())
            {
                count++;
            }

            Report($"tax file split into rows and fields only ({count} rows)", watch);
        }

        using (var rows = new ByteCsvReader(CsvFiles.Open(taxes, "taxes.csv")))
        {
            var count = 0;
            while (rows.MoveNext())
            {
                count += Rongtong.Domain.Registry.Uscc.TryPack(rows[0], out _) ? 1 : 0;
            }

            Report($"tax file rows + TryPack ({count} valid)", watch);
        }

        using (var rows = new ByteCsvReader(CsvFiles.Open(taxes, "taxes.csv")))
        {
            var map = new UsccMap(1_000_000);
            while (rows.MoveNext())
            {
                if (Rongtong.Domain.Registry.Uscc.TryPack(rows[0], out var key))
                {
                    map.GetOrAdd(key, map.Count, out _);
                }
            }

            Report($"tax file rows + TryPack + map ({map.Count} keys)", watch);
        }

        var book = TaxBook.Load(taxes, "taxes.csv", asOf.Year - 3, 3, _ => { }, null);
        Report($"tax load ({book.Rows} rows)", watch);

        using (var stream = CsvFiles.Open(enterprises, "enterprises.csv"))
        using (var reader = CsvFiles.Reader(stream, "enterprises.csv"))
        {
            var rowReader = new EnterpriseRowReader(reader.Header, "enterprises.csv", catalog.Tables);
            var rows = 0;
            foreach (var row in reader)
            {
                _ = rowReader.Read(row, out _);
                rows++;
            }

            Report($"enterprise parse + validate only ({rows} rows)", watch);
        }

        var output = Path.Combine(Path.GetTempPath(), $"rongtong-phases-{Environment.ProcessId}.csv");
        try
        {
            var job = new DetermineCommand.Job(enterprises, taxes, output, asOf, TextWriter.Null);
            job.Run(null, null);
            Report($"full determine job ({job.KeyCount} key)", watch);
        }
        finally
        {
            File.Delete(output);
        }

        return 0;
    }

    private static void Report(string phase, Stopwatch watch)
    {
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds,7:0.000} s  {phase}"));
        watch.Restart();
    }
}
