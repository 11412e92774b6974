using BenchmarkDotNet.Running;
using Rongtong.Bench;

// generate …  → the synthetic registry; phases …  → a determine run's time by phase; import/search …  → the platform's import and search timings; match …  → the batch push (P8) against first-come greedy; load …  → whole guarantee lifecycles over HTTP next to pgbench (issue 4); bdn …  → BenchmarkDotNet (remaining arguments go to BenchmarkSwitcher).
switch (args.FirstOrDefault())
{
    case "generate":
        try
        {
            return GenerateCommand.Run(args[1..]);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(GenerateCommand.Usage);
            return 2;
        }

    case "phases":
        try
        {
            return PhasesCommand.Run(args[1..]);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(PhasesCommand.Usage);
            return 2;
        }

    case "import":
        try
        {
            return await PlatformBench.ImportAsync(args[1..]);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(PlatformBench.ImportUsage);
            return 2;
        }

    case "search":
        try
        {
            return await PlatformBench.SearchAsync(args[1..]);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(PlatformBench.SearchUsage);
            return 2;
        }

    case "match" or "match-generate":
        try
        {
            return args[0] == "match" ? MatchBench.Run(args[1..]) : MatchBench.Generate(args[1..]);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(MatchBench.Usage);
            return 2;
        }

    case "load":
        try
        {
            return await LoadBench.RunAsync(args[1..]);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(LoadBench.Usage);
            return 2;
        }

    case "bdn":
        _ = BenchmarkSwitcher.FromAssembly(typeof(KeyEnterpriseBenchmarks).Assembly).Run(args[1..]);
        return 0;

    default:
        Console.Error.WriteLine(GenerateCommand.Usage);
        Console.Error.WriteLine("       " + PhasesCommand.Usage["usage: ".Length..]);
        Console.Error.WriteLine("       " + PlatformBench.ImportUsage["usage: ".Length..]);
        Console.Error.WriteLine("       " + PlatformBench.SearchUsage["usage: ".Length..]);
        Console.Error.WriteLine("       " + MatchBench.Usage["usage: ".Length..]);
        Console.Error.WriteLine("       " + LoadBench.Usage["usage: ".Length..]);
        Console.Error.WriteLine("       bdn [BenchmarkDotNet arguments, e.g. --filter '*']");
        return 2;
}
