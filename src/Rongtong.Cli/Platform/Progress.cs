using Spectre.Console;

namespace Rongtong.Cli;

/// <summary>Progress bars on stderr, only when stderr is a terminal (INTERFACES.md); otherwise the sinks do nothing.</summary>
internal static class ProgressBars
{
    public static async Task<T> RunAsync<T>(TextWriter stderr, string[] tasks, Func<IProgress<double>[], Task<T>> body)
    {
        if (Console.IsErrorRedirected || !ReferenceEquals(stderr, Console.Error))
        {
            return await body([.. tasks.Select(_ => (IProgress<double>)Silent.Instance)]);
        }

        return await AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
            .Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx => await body([.. tasks.Select(t => (IProgress<double>)new Bar(ctx.AddTask(t)))]));
    }

    /// <summary>Reports a share 0–1 straight to the bar (no synchronisation context to post to).</summary>
    private sealed class Bar(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = Math.Clamp(value, 0, 1) * 100;
    }

    private sealed class Silent : IProgress<double>
    {
        public static readonly Silent Instance = new();

        public void Report(double value)
        {
        }
    }
}
