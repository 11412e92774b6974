using System.CommandLine;
using System.Globalization;
using System.Text;
using Rongtong.Application.Features.Credit;
using Rongtong.Domain.Matching;

namespace Rongtong.Cli.Match;

/// <summary>
/// <c>rongtong match</c>: batch push of loan demands to banks (POLICY.md P8, INTERFACES.md). Reads the
/// three files, builds the candidates (<see cref="PushCandidates"/>), solves the optimal plan
/// (<see cref="BatchPush.Solve"/>), writes one row per push, and says on stderr how the plan compares with
/// first-come pushing on the same instance.
/// </summary>
internal static class MatchCommand
{
    public static Command Build()
    {
        var demands = new Option<string>("--demands") { Description = "demands.csv (demand_id,uscc,amount,term_months,industry_code,region,key_enterprise,unsecured)", Required = true };
        var products = new Option<string>("--products") { Description = "products.csv (product_id,bank_id,min_amount,max_amount,min_term_months,max_term_months,industry_prefixes,regions,key_only,unsecured_ok)", Required = true };
        var banks = new Option<string>("--banks") { Description = "banks.csv (bank_id,capacity)", Required = true };
        var output = new Option<string>("--output") { Description = "Output CSV (demand_id,product_id,bank_id,fit)", Required = true };
        var k = new Option<int>("--k") { Description = "Banks per demand, at most (P8 default 3)", DefaultValueFactory = _ => 3 };
        var command = new Command("match", "融资对接 / Push loan demands to banks in one optimal batch (二(二), P8)") { demands, products, banks, output, k };
        command.SetAction(parse => Cli.Run(parse, (_, stderr) =>
        {
            var perDemand = parse.GetValue(k);
            if (perDemand < 1)
            {
                throw new UsageException($"--k: {perDemand} must be at least 1");
            }

            var result = Run(parse.GetValue(demands)!, parse.GetValue(products)!, parse.GetValue(banks)!, parse.GetValue(output)!, perDemand, stderr);
            stderr.WriteLine(result.Summary);
            return ExitCodes.Done;
        }));
        return command;
    }

    /// <summary>What one run did, for the summary line, the tests and the benchmark.</summary>
    internal sealed record Result(MatchInput Input, PushCandidates Candidates, BatchPush.Plan Optimal, BatchPush.Plan Greedy, int K)
    {
        public string Summary
        {
            get
            {
                var n = Input.Demands.Count;
                return string.Create(CultureInfo.InvariantCulture,
                    $"match k={K}: {n} demands, {Input.Products.Count} products, {Input.BankIds.Count} banks ({Input.BadRows} bad rows skipped); " +
                    $"{Optimal.Reached} demands reached ({Share(Optimal.Reached, n)}), {Optimal.Pushes} pushes, total fit {Fit(Optimal.TotalFit)}; " +
                    $"first-come would reach {Greedy.Reached} ({Share(Greedy.Reached, n)}) with {Greedy.Pushes} pushes, total fit {Fit(Greedy.TotalFit)}");
            }
        }

        private static string Share(int part, int whole) => whole == 0 ? "0.0 %" : $"{100.0 * part / whole:0.0} %";

        private static string Fit(long basisPoints) => (basisPoints / (decimal)FitScore.Scale).ToString("0.0000", CultureInfo.InvariantCulture);
    }

    internal static Result Run(string demandsPath, string productsPath, string banksPath, string outputPath, int k, TextWriter stderr)
    {
        var input = MatchInput.Read(demandsPath, productsPath, banksPath, stderr);
        var candidates = PushCandidates.Build(input.Demands, input.Products, input.ProductBank, input.BankIds.Count);
        var optimal = BatchPush.Solve(candidates, input.Capacity, k);
        var greedy = BatchPush.Greedy(candidates, input.Capacity, k);
        Write(outputPath, input, candidates, optimal);
        return new Result(input, candidates, optimal, greedy, k);
    }

    /// <summary>One row per push, by demand_id (ordinal) and then fit, highest first (then bank order).</summary>
    private static void Write(string path, MatchInput input, PushCandidates candidates, BatchPush.Plan plan)
    {
        var order = Enumerable.Range(0, input.Demands.Count).ToArray();
        Array.Sort(order, (x, y) => string.CompareOrdinal(input.Demands[x].Id, input.Demands[y].Id));
        var owner = candidates.Owners();

        var firstOf = new int[input.Demands.Count];
        Array.Fill(firstOf, -1);
        for (var i = plan.Chosen.Length - 1; i >= 0; i--)
        {
            firstOf[owner[plan.Chosen[i]]] = i;
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot be written: {e.Message}");
        }

        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        writer.Write("demand_id,product_id,bank_id,fit\n");
        Span<char> fit = stackalloc char[8];
        foreach (var d in order)
        {
            var i = firstOf[d];
            if (i < 0)
            {
                continue;
            }

            var demand = input.Demands[d];
            for (; i < plan.Chosen.Length && owner[plan.Chosen[i]] == d; i++)
            {
                var c = plan.Chosen[i];
                var product = input.Products[candidates.Product[c]];
                Field(writer, demand.Id);
                writer.Write(',');
                Field(writer, product.Id);
                writer.Write(',');
                Field(writer, product.BankId);
                writer.Write(',');
                var bp = candidates.Fit[c];
                (bp / (decimal)FitScore.Scale).TryFormat(fit, out var written, "0.0000", CultureInfo.InvariantCulture);
                writer.Write(fit[..written]);
                writer.Write('\n');
            }
        }
    }

    private static void Field(TextWriter writer, string text)
    {
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(text);
            return;
        }

        writer.Write('"');
        writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
