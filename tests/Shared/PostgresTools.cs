using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rongtong.Testing;

/// <summary>
/// What the throwaway PostgreSQL servers of the tests and of the benchmarks share (the file is linked into both
/// projects, and into the browser tests for the free port): running the machine's binaries (<c>initdb</c>, <c>pg_ctl</c>, <c>psql</c>, <c>pgbench</c>) — as root
/// through <c>runuser</c> as <c>postgres</c>, because <c>initdb</c> refuses root — and a free loopback port.
/// </summary>
internal static class PostgresTools
{
    /// <summary>Whether this process runs as root (its name, or its effective uid from <c>/proc/self/status</c>).</summary>
    public static bool IsRoot { get; } = Environment.UserName == "root" || EffectiveUid() == "0";

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Makes <c>postgres</c> the owner of a folder the server will use, when running as root.</summary>
    public static void Own(string folder)
    {
        if (IsRoot)
        {
            Run("chown", ["-R", "postgres:postgres", folder], asPostgres: false);
        }
    }

    /// <summary>
    /// Runs <paramref name="program"/> (as <c>postgres</c> when root and <paramref name="asPostgres"/>) and returns its
    /// standard output followed by its standard error; a non-zero exit throws with both.
    /// </summary>
    public static string Run(string program, IReadOnlyList<string> arguments, bool asPostgres = true)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var viaRunuser = asPostgres && IsRoot;
        start.FileName = viaRunuser ? "runuser" : program;
        foreach (var a in viaRunuser ? ["-u", "postgres", "--", program, .. arguments] : arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        // Both streams at once: a tool that fills one pipe while the other is read would block.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var output = stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output}");
    }

    /// <summary>The effective uid (the second number of the <c>Uid:</c> line of <c>/proc/self/status</c>).</summary>
    private static string? EffectiveUid() =>
        File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2)
            : null;
}
