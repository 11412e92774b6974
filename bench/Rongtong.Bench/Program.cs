using BenchmarkDotNet.Running;
using Rongtong.Bench;

// generate …  → the synthetic registry; phases …  → a determine run's time by phase; bdn …  → BenchmarkDotNet (remaining arguments go to BenchmarkSwitcher).
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

    case "bdn":
        _ = BenchmarkSwitcher.FromAssembly(typeof(KeyEnterpriseBenchmarks).Assembly).Run(args[1..]);
        return 0;

    default:
        Console.Error.WriteLine(GenerateCommand.Usage);
        Console.Error.WriteLine("       " + PhasesCommand.Usage["usage: ".Length..]);
        Console.Error.WriteLine("       bdn [BenchmarkDotNet arguments, e.g. --filter '*']");
        return 2;
}
