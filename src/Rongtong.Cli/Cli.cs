using System.CommandLine;
using System.Data.Common;
using Rongtong.Application.Infrastructure;
using Rongtong.Domain;
using Rongtong.Domain.Policy;

namespace Rongtong.Cli;

/// <summary>The <c>rongtong</c> command tree and its one error policy: bad usage or input exits 2 with a named place.</summary>
internal static class Cli
{
    // Per invocation (tests run several in parallel in one process).
    private static readonly AsyncLocal<TextWriter?> Out = new();
    private static readonly AsyncLocal<TextWriter?> Err = new();

    public static RootCommand Build(TimeProvider clock)
    {
        var root = new RootCommand("融通 Rongtong — 杭政办函〔2021〕20号 金融支持服务实体经济 / financial-support policy platform");
        root.Subcommands.Add(DetermineCommand.Build(clock));
        root.Subcommands.Add(ExplainCommand.Build(clock));
        root.Subcommands.Add(PolicyCommands.Build(clock));
        root.Subcommands.Add(CalendarCommands.Build());
        root.Subcommands.Add(UsccCommand.Build());
        root.Subcommands.Add(DatabaseCommands.Build(clock));
        root.Subcommands.Add(RegistryImportCommand.Build(clock));
        root.Subcommands.Add(AuditCommands.Build(clock));
        root.Subcommands.Add(DemoCommands.Build(clock));
        root.Subcommands.Add(UserCommands.Build(clock));
        root.Subcommands.Add(Match.MatchCommand.Build());
        return root;
    }

    public static async Task<int> MainAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider clock)
    {
        var root = Build(clock);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}");
            }

            await stderr.WriteLineAsync("Run 'rongtong --help' for usage.");
            return ExitCodes.BadInput;
        }

        Out.Value = stdout;
        Err.Value = stderr;
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await parse.InvokeAsync(config);
    }

    /// <summary>Runs a command body with the one error policy of the contract.</summary>
    public static int Run(ParseResult parse, Func<TextWriter, TextWriter, int> body)
    {
        _ = parse;
        var stdout = Out.Value ?? Console.Out;
        var stderr = Err.Value ?? Console.Error;
        try
        {
            return body(stdout, stderr);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (DomainException e)
        {
            stderr.WriteLine($"error: {e.Code}: {e.Message}");
            return ExitCodes.No;
        }
        catch (PolicyDataException e)
        {
            stderr.WriteLine($"error: policy data {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>The asynchronous twin of <see cref="Run"/> for the commands that work on the platform's database.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<TextWriter, TextWriter, Task<int>> body)
    {
        _ = parse;
        var stdout = Out.Value ?? Console.Out;
        var stderr = Err.Value ?? Console.Error;
        try
        {
            return await body(stdout, stderr);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (TabularFormatException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (DomainException e)
        {
            await stderr.WriteLineAsync($"error: {e.Code}: {e.Message}");
            return ExitCodes.No;
        }
        catch (PolicyDataException e)
        {
            await stderr.WriteLineAsync($"error: policy data {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (DbException e)
        {
            await stderr.WriteLineAsync($"error: database: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (IOException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (UnauthorizedAccessException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
