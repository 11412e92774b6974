using System.Diagnostics;
using Npgsql;
using Rongtong.Testing;

[assembly: AssemblyFixture(typeof(Rongtong.Web.Tests.Infrastructure.PostgresServer))]

namespace Rongtong.Web.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the whole test run, started from the machine's binaries (<c>initdb</c>,
/// <c>pg_ctl</c>) in a temp folder on a free loopback port, with trust authentication; stopped and deleted at
/// the end. As root the server runs as the <c>postgres</c> user (initdb refuses root). Each factory gets its
/// own database.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"rongtong-pg-{Guid.NewGuid():N}");
    private bool _started;

    public int Port { get; private set; }

    private string DataFolder => Path.Combine(_folder, "data");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Include Error Detail=true";

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        PostgresTools.Own(_folder);
        await RunAsync("initdb", ["-D", DataFolder, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        Port = PostgresTools.FreePort();
        var options = $"-k {_folder} -c listen_addresses=127.0.0.1 -p {Port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        await RunAsync("pg_ctl", ["-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
        _started = true;
        await WaitUntilAcceptingAsync();
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"rongtong_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            await RunAsync("pg_ctl", ["-D", DataFolder, "-m", "fast", "-w", "stop"]);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail the run for it.
        }
    }

    private async Task WaitUntilAcceptingAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
        }
    }

    private static Task<string> RunAsync(string program, string[] arguments) => Task.Run(() => PostgresTools.Run(program, arguments));
}
