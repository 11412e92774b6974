using BenchmarkDotNet.Running;
using Rongtong.Bench;

// generate …  → the synthetic registry; bdn …  → BenchmarkDotNet (remaining arguments go to BenchmarkSwitcher).
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

    case "bdn":
        _ = BenchmarkSwitcher.FromAssembly(typeof(KeyEnterpriseBenchmarks).Assembly).Run(args[1..]);
        return 0;

    default:
        Console.Error.WriteLine(GenerateCommand.Usage);
        Console.Error.WriteLine("       bdn [BenchmarkDotNet arguments, e.g. --filter '*']");
        return 2;
}
