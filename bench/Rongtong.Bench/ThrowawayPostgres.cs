using Rongtong.Testing;

namespace Rongtong.Bench;

/// <summary>
/// A PostgreSQL server for one benchmark run, from the machine's binaries (<c>initdb</c>/<c>pg_ctl</c> on PATH):
/// a temp data folder, a free loopback port, trust auth, stopped and deleted at the end. As root the
/// server runs as <c>postgres</c> through <c>runuser</c>. Default settings: nothing is tuned for the benchmark.
/// </summary>
internal sealed class ThrowawayPostgres : IDisposable
{
    private readonly string _folder;

    private ThrowawayPostgres(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=rongtong;Timeout=30;Command Timeout=0";

    public static ThrowawayPostgres Start()
    {
        var folder = Directory.CreateTempSubdirectory("rongtong-bench-pg-").FullName;
        PostgresTools.Own(folder);
        var data = Path.Combine(folder, "data");
        var port = PostgresTools.FreePort();
        var server = new ThrowawayPostgres(folder, port);
        Pg("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale");
        Pg("pg_ctl", "-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-o",
            $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder} {Environment.GetEnvironmentVariable("RONGTONG_BENCH_PG_OPTIONS")}", "start");
        Pg("psql", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-c", "CREATE DATABASE rongtong");
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

    /// <summary>Runs a PostgreSQL client tool (e.g. <c>pgbench</c>) as the server's user; returns its standard output, then its standard error.</summary>
    public string Run(string tool, params string[] args) => Pg(tool, args);

    private static string Pg(string tool, params string[] args) => PostgresTools.Run(tool, args);
}
