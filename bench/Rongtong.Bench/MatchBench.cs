using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rongtong.Domain.Registry;

namespace Rongtong.Bench;

/// <summary>
/// The batch-push instance (POLICY.md P8) and its timing: <c>match-generate</c> writes demands.csv,
/// products.csv and banks.csv for a seed; <c>match</c> generates them if missing and runs
/// <c>rongtong match</c> in process, phase by phase, beside the first-come greedy on the same candidates.
/// </summary>
internal static class MatchBench
{
    public const string Usage = "usage: match [--demands 100000] [--products 2000] [--banks 200] [--seed 42] [--k 3] --out DIR   (match-generate: same options, only writes the files)";

    public static int Generate(string[] args) => Run(args, generateOnly: true);

    public static int Run(string[] args, bool generateOnly = false)
    {
        int demands = 100_000, products = 2_000, banks = 200, k = 3;
        ulong seed = 42;
        string? outDir = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--demands": demands = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--products": products = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--banks": banks = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(value, CultureInfo.InvariantCulture); break;
                case "--k": k = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--out": outDir = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        outDir ??= Path.Combine("bench", "data", $"match-seed{seed}-n{demands}");
        var d = Path.Combine(outDir, "demands.csv");
        var p = Path.Combine(outDir, "products.csv");
        var b = Path.Combine(outDir, "banks.csv");
        if (generateOnly || !File.Exists(d) || !File.Exists(p) || !File.Exists(b))
        {
            Directory.CreateDirectory(outDir);
            var tables = GeneratorTables.Load(RepoRoot.Find());
            WriteInstance(new SplitMix(seed), tables, demands, products, banks, d, p, b);
            Console.Error.WriteLine($"wrote {d}, {p}, {b}");
        }

        if (generateOnly)
        {
            return 0;
        }

        // Phase by phase first (the same calls as the command), then the whole command.
        var watch = Stopwatch.StartNew();
        var input = Cli.Match.MatchInput.Read(d, p, b, TextWriter.Null);
        var read = watch.Elapsed;
        var candidates = Domain.Matching.PushCandidates.Build(input.Demands, input.Products, input.ProductBank, input.BankIds.Count);
        var build = watch.Elapsed;
        _ = Application.Features.Credit.BatchPush.Solve(candidates, input.Capacity, k);
        var solve = watch.Elapsed;
        _ = Application.Features.Credit.BatchPush.Greedy(candidates, input.Capacity, k);
        var greedy = watch.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"phases: read {read.TotalSeconds:0.00} s, candidates {(build - read).TotalSeconds:0.00} s, solve {(solve - build).TotalSeconds:0.00} s, greedy {(greedy - solve).TotalSeconds:0.00} s"));

        var output = Path.Combine(Path.GetTempPath(), $"rongtong-match-{Environment.ProcessId}.csv");
        var clock = Stopwatch.StartNew();
        var result = Cli.Match.MatchCommand.Run(d, p, b, output, k, Console.Error);
        var wall = clock.Elapsed;
        File.Delete(output);
        Console.Error.WriteLine(result.Summary);
        var n = result.Input.Demands.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"candidates {result.Candidates.Count} ({(double)result.Candidates.Count / Math.Max(1, n):0.0} banks a demand); in-process {wall.TotalSeconds:0.00} s; " +
            $"optimum reaches {result.Optimal.Reached} ({100.0 * result.Optimal.Reached / n:0.0} %), greedy {result.Greedy.Reached} ({100.0 * result.Greedy.Reached / n:0.0} %): " +
            $"+{result.Optimal.Reached - result.Greedy.Reached} demands; pushes {result.Optimal.Pushes} vs {result.Greedy.Pushes}"));
        return 0;
    }

    /// <summary>
    /// A Hangzhou-like instance. Banks: a few large ones and many small (capacities ∝ a Pareto weight,
    /// summing to 1.25 × the demands, so not every demand can get k banks). Products: about ten a bank, of
    /// four kinds (micro, small, medium, large loans) with amount and term ranges to match, industry lists
    /// "any" (8 %), one to three divisions, a first digit, or a few classes; regions "any" (25 %), Hangzhou
    /// (3301, 35 %) or one to three districts, 20 % key-only,
    /// 35 % unsecured. Demands: amounts log-normal (median ¥2,000,000, ¥50,000–¥100,000,000, whole 万),
    /// terms 6–60 months, industries 35 % manufacturing, 30 % producer services, 35 % other, 95 % in a
    /// Hangzhou district, 40 % key enterprises, 30 % asking for unsecured loans.
    /// </summary>
    private static void WriteInstance(SplitMix rng, GeneratorTables tables, int demandCount, int productCount, int bankCount, string demandsPath, string productsPath, string banksPath)
    {
        var weights = new double[bankCount];
        for (var i = 0; i < bankCount; i++)
        {
            weights[i] = 1.0 / Math.Pow(1.0 - (rng.NextDouble() * 0.95), 0.8);
        }

        var totalWeight = weights.Sum();
        var bankIds = Enumerable.Range(1, bankCount).Select(i => $"B{i:D4}").ToArray();
        var banks = new StringBuilder("bank_id,capacity\n");
        for (var i = 0; i < bankCount; i++)
        {
            banks.Append(CultureInfo.InvariantCulture, $"{bankIds[i]},{Math.Max(1, (int)(1.25 * demandCount * weights[i] / totalWeight))}\n");
        }

        File.WriteAllText(banksPath, banks.ToString());

        var cumulative = new double[bankCount];
        double acc = 0;
        for (var i = 0; i < bankCount; i++)
        {
            cumulative[i] = acc += Math.Sqrt(weights[i]);
        }

        var divisions = tables.CityDivisions;
        var products = new StringBuilder("product_id,bank_id,min_amount,max_amount,min_term_months,max_term_months,industry_prefixes,regions,key_only,unsecured_ok\n");
        for (var i = 0; i < productCount; i++)
        {
            // Every bank has at least one product; the rest go to banks in proportion to √weight.
            var bank = i < bankCount ? i : rng.Pick(cumulative);
            var (minWan, maxWan, minTerm, maxTerm) = rng.Next(4) switch
            {
                0 => (5 + rng.Next(10), 100 + rng.Next(200), 3, 12 + (12 * rng.Next(2))), // micro
                1 => (50 + rng.Next(50), 500 + rng.Next(1000), 6, 24 + (12 * rng.Next(2))), // small
                2 => (200 + rng.Next(300), 2000 + rng.Next(3000), 12, 36 + (12 * rng.Next(3))), // medium
                _ => (1000 + rng.Next(1000), 5000 + rng.Next(5000), 12, 60), // large
            };
            var industries = rng.NextDouble() switch
            {
                < 0.08 => "",
                < 0.48 => string.Join(';', Enumerable.Range(0, 1 + rng.Next(3)).Select(_ => Division(rng, tables))),
                < 0.60 => Division(rng, tables)[..1],
                _ => string.Join(';', Enumerable.Range(0, 2 + rng.Next(6)).Select(_ => Class(rng, tables).ToString(CultureInfo.InvariantCulture))),
            };
            var regions = rng.NextDouble() switch
            {
                < 0.25 => "",
                < 0.60 => "3301",
                _ => string.Join(';', Enumerable.Range(0, 1 + rng.Next(3)).Select(_ => divisions[rng.Next(divisions.Length)].ToString(CultureInfo.InvariantCulture))),
            };
            products.Append(CultureInfo.InvariantCulture,
                $"P{i + 1:D5},{bankIds[bank]},{minWan}0000.00,{maxWan}0000.00,{minTerm},{maxTerm},{industries},{regions},{(rng.Chance(0.2) ? "true" : "false")},{(rng.Chance(0.35) ? "true" : "false")}\n");
        }

        File.WriteAllText(productsPath, products.ToString());

        int[] terms = [6, 12, 12, 12, 18, 24, 24, 36, 36, 60];
        using var demands = new StreamWriter(demandsPath, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        demands.Write("demand_id,uscc,amount,term_months,industry_code,region,key_enterprise,unsecured\n");
        Span<char> uscc = stackalloc char[18];
        for (var i = 0; i < demandCount; i++)
        {
            var wan = (long)Math.Clamp(Math.Round(200 * Math.Exp(1.2 * rng.NextGaussian())), 5, 10_000);
            var region = rng.Chance(0.95) ? divisions[rng.Next(divisions.Length)] : 330200 + (100 * rng.Next(8));
            var industry = Class(rng, tables);
            $"91{region:D6}".CopyTo(uscc);
            for (var c = 8; c < 17; c++)
            {
                uscc[c] = "0123456789ABCDEFGHJKLMNPQRTUWXY"[rng.Next(31)];
            }

            uscc[17] = Uscc.CheckCharacter(uscc[..17]);
            demands.Write(string.Create(CultureInfo.InvariantCulture,
                $"D{i + 1:D7},{uscc},{wan}0000.00,{terms[rng.Next(terms.Length)]},{industry:D4},{region},{(rng.Chance(0.4) ? "true" : "false")},{(rng.Chance(0.3) ? "true" : "false")}\n"));
        }
    }

    private static int Class(SplitMix rng, GeneratorTables tables)
    {
        var pool = rng.NextDouble() switch
        {
            < 0.35 => tables.Manufacturing,
            < 0.65 => tables.ProducerServices,
            _ => tables.Other,
        };
        return pool[rng.Next(pool.Length)];
    }

    private static string Division(SplitMix rng, GeneratorTables tables) =>
        (Class(rng, tables) / 100).ToString("D2", CultureInfo.InvariantCulture);
}
