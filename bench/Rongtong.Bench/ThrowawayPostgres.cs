using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rongtong.Bench;

/// <summary>
/// A PostgreSQL server for one benchmark run, from the machine's binaries (<c>initdb</c>/<c>pg_ctl</c> on PATH):
/// a temp data folder, a free loopback port, trust auth, stopped and deleted at the end. As root the
/// server runs as <c>postgres</c> through <c>runuser</c>. Default settings: nothing is tuned for the benchmark.
/// </summary>
internal sealed class ThrowawayPostgres : IDisposable
{
    private readonly string _folder;
    private readonly bool _root;

    private ThrowawayPostgres(string folder, int port, bool root)
    {
        _folder = folder;
        _root = root;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=rongtong;Timeout=30;Command Timeout=0";

    public static ThrowawayPostgres Start()
    {
        var folder = Directory.CreateTempSubdirectory("rongtong-bench-pg-").FullName;
        var root = Environment.UserName == "root";
        if (root)
        {
            Exec("chown", "-R", "postgres:postgres", folder);
        }

        var data = Path.Combine(folder, "data");
        var port = FreePort();
        var server = new ThrowawayPostgres(folder, port, root);
        server.Pg("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale");
        server.Pg("pg_ctl", "-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-o",
            $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder} {Environment.GetEnvironmentVariable("RONGTONG_BENCH_PG_OPTIONS")}", "start");
        server.Pg("psql", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-c", "CREATE DATABASE rongtong");
        return server;
    }

    public void Dispose()
    {
        try
        {
            Pg("pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>A connection string to another database of this server.</summary>
    public string ConnectionStringFor(string database) => ConnectionString.Replace("Database=rongtong", $"Database={database}", StringComparison.Ordinal);

    /// <summary>Creates another database on this server.</summary>
    public void CreateDatabase(string name) =>
        Pg("psql", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-c", $"CREATE DATABASE {name}");

    /// <summary>Runs a PostgreSQL client tool (e.g. <c>pgbench</c>) as the server's user; returns its standard output.</summary>
    public string Run(string tool, params string[] args) => Pg(tool, args);

    private string Pg(string tool, params string[] args) => Exec(_root ? "runuser" : tool, _root ? ["-u", "postgres", "--", tool, .. args] : args);

    private static string Exec(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = new System.Text.StringBuilder();
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.AppendLine(e.Data);
                }
            }
        };
        p.BeginOutputReadLine();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr}");
        }

        lock (stdout)
        {
            return stdout + stderr;
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
