using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Rongtong.Bench;

/// <summary>
/// <c>load</c> (issue 4, Speed): whole guarantee lifecycles through the real web app's HTTP API on a throwaway
/// PostgreSQL, at N concurrent clients, next to <c>pgbench</c> (TPC-B) on the same server in the same run.
/// Prints write requests per second, p50/p99/max latency, 4xx/5xx, pgbench's tps and the ratio; also where
/// the server's backends wait (sampled from <c>pg_stat_activity</c>) and the web process's CPU time.
/// </summary>
internal static partial class LoadBench
{
    public const string Usage = "usage: load [--clients 32] [--seconds 60] [--pgbench-seconds S] [--warmup 120] [--enterprises 2000] [--amount 100000.00] [--no-pgbench] [--no-build] [--floor [PATH]] [--floor-post PATH] [--lean] [--step STEP [--prepare 3000]] [--idempotency-keys]";

    private const string Password = "Rongtong#2021";

    private static readonly string[] Accounts = ["bank1", "bank2", "guarantor", "guarantor-checker", "national-fund", "provincial", "regulator"];

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = 32;
        var seconds = 60;
        int? pgbenchSeconds = null;
        var warmup = 120; // steady state: the tier-up compiler thread still took 8 % of the machine 80–95 s in; none 140 s in (perf, 2 cores)
        var enterprises = 2000;
        var amount = 100_000m;
        var pgbench = true;
        var build = true;
        string? floor = null;
        var lean = false;
        var floorPost = false;
        string? step = null;
        var prepare = 3000;
        var idempotencyKeys = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--clients": clients = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--pgbench-seconds": pgbenchSeconds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--enterprises": enterprises = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--amount": amount = decimal.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--no-pgbench": pgbench = false; break;
                case "--no-build": build = false; break;
                case "--floor":
                    floor = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "/api/v1/business-date";
                    pgbench = false; // the floor is not compared with pgbench
                    break;
                case "--floor-post":
                    // The floor of a write: a POST with a small JSON body (bound and validated) to PATH, typically one that
                    // refuses after one read (an unknown guarantee), so it costs the pipeline, the binding and one query.
                    floor = Value();
                    floorPost = true;
                    pgbench = false;
                    break;
                case "--lean": lean = true; break;
                case "--step":
                    step = Value();
                    pgbench = false; // one step alone is not compared with pgbench
                    break;
                case "--idempotency-keys": idempotencyKeys = true; break;
                case "--prepare": prepare = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }

        if (step is not null && (!Steps.Contains(step) || lean || floor is not null || prepare < 100))
        {
            throw new ArgumentException($"--step takes one of {string.Join(", ", Steps)}, alone (not with --lean or --floor), and --prepare ≥ 100");
        }

        if (lean && floor is not null)
        {
            throw new ArgumentException("--lean and --floor measure different things: give one");
        }

        if (floor is not null && !floor.StartsWith('/'))
        {
            throw new ArgumentException($"--floor takes a path that starts with '/', not '{floor}'");
        }

        if (clients < 1 || seconds < 1 || warmup < 0 || enterprises < 100 || amount < 100)
        {
            throw new ArgumentException("--clients ≥ 1, --seconds ≥ 1, --warmup ≥ 0, --enterprises ≥ 100, --amount ≥ 100");
        }

        var root = RepoRoot.Find();
        var dll = Path.Combine(root, "src", "Rongtong.Web", "bin", "Release", "net10.0", "Rongtong.Web.dll");
        if (build)
        {
            Console.WriteLine("building src/Rongtong.Web (Release)…");
            Exec(root, "dotnet", "build", Path.Combine(root, "src", "Rongtong.Web"), "-c", "Release", "-nologo", "-v", "q");
        }

        if (!File.Exists(dll))
        {
            throw new ArgumentException($"{dll} is missing: build src/Rongtong.Web in Release (or leave out --no-build)");
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()} at start");
        using var server = ThrowawayPostgres.Start();
        Console.WriteLine($"PostgreSQL on 127.0.0.1:{server.Port} ({server.Run("postgres", "--version").Trim()}), default settings");

        PgbenchRun? pgbenchRun = null;
        if (pgbench)
        {
            pgbenchRun = RunPgbench(server, clients, pgbenchSeconds ?? seconds);
        }

        var web = await WebApp.StartAsync(dll, server.ConnectionString, enterprises);
        try
        {
            var result = await DriveAsync(web, server, clients, seconds, warmup, amount, floor, lean, floorPost, step, prepare, idempotencyKeys);
            Report(result, pgbenchRun, clients, floor is null ? null : $"{(floorPost ? "POST" : "GET")} {floor}", lean, step);
            await ReportStatementsAsync(server);
            return result.ServerErrors == 0 ? 0 : 1;
        }
        finally
        {
            web.Dispose();
        }
    }

    /// <summary>pgbench's result, and the CPU the server and the whole machine spent on each of its transactions.</summary>
    private sealed record PgbenchRun(double Tps, long Transactions, TimeSpan ServerCpu, TimeSpan? MachineBusy)
    {
        public double ServerMsPerTransaction => ServerCpu.TotalMilliseconds / Math.Max(1, Transactions);

        public double? MachineMsPerTransaction => MachineBusy?.TotalMilliseconds / Math.Max(1, Transactions);
    }

    private static PgbenchRun RunPgbench(ThrowawayPostgres server, int clients, int seconds)
    {
        var port = server.Port.ToString(CultureInfo.InvariantCulture);
        var tool = File.Exists("/usr/lib/postgresql/15/bin/pgbench") ? "/usr/lib/postgresql/15/bin/pgbench" : "pgbench";
        server.CreateDatabase("pgbench");
        Console.WriteLine("pgbench -i -s 10 …");
        var t0 = Stopwatch.GetTimestamp();
        server.Run(tool, "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-i", "-s", "10", "-q", "pgbench");
        Console.WriteLine($"  initialised in {Stopwatch.GetElapsedTime(t0).TotalSeconds:F1} s");
        Console.WriteLine($"pgbench -c {clients} -j 2 -T {seconds} (TPC-B) …");
        var serverCpu0 = PostgresCpuTime();
        var machine0 = MachineCpuTicks();
        var output = server.Run(tool, "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2",
            "-T", seconds.ToString(CultureInfo.InvariantCulture), "pgbench");
        var serverCpu = PostgresCpuTime() - serverCpu0;
        var machineBusy = MachineBusy(machine0, MachineCpuTicks());
        var tps = TpsLine().Match(output);
        var count = TransactionsLine().Match(output);
        var latency = LatencyLine().Match(output);
        if (!tps.Success)
        {
            throw new InvalidOperationException($"no tps in pgbench's output:\n{output}");
        }

        var value = double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture);
        var run = new PgbenchRun(value, count.Success ? long.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) : (long)(value * seconds), serverCpu, machineBusy);
        Console.WriteLine($"  pgbench: {value:F0} tps, latency average {(latency.Success ? latency.Groups[1].Value : "?")} ms; " +
            $"CPU a transaction: PostgreSQL {run.ServerMsPerTransaction:F2} ms, whole machine {(run.MachineMsPerTransaction is { } m ? $"{m:F2} ms" : "not available")}");
        return run;
    }

    [GeneratedRegex(@"number of transactions actually processed: ([0-9]+)")]
    private static partial Regex TransactionsLine();

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyLine();

    private sealed record Sample(string Step, long Ticks, int Status);

    private sealed record Result(
        List<Sample> Samples, double Window, int Lifecycles, int Released, int Recovered, int KeyEnterprises, int ServerErrors, List<string> ErrorBodies,
        Dictionary<string, double> Waits, int WaitSamples, TimeSpan WebCpu, TimeSpan BenchCpu, TimeSpan ServerCpu, string LoadAverage, string MachineCpu,
        TimeSpan? MachineBusy, long Commits, long? Statements);

    private sealed class Ctx(HttpClient http, Dictionary<string, string> tokens)
    {
        public HttpClient Http { get; } = http;

        public Dictionary<string, string> Tokens { get; } = tokens;

        public long MeasureFrom { get; set; } = long.MaxValue;

        /// <summary>Whether every write carries a fresh <c>Idempotency-Key</c>, as a client that retries safely sends.</summary>
        public bool IdempotencyKeys { get; init; }

        public long MeasureTo { get; set; } = long.MaxValue;

        /// <summary>With <c>--floor</c>: the path every client GETs instead of driving lifecycles.</summary>
        public string? Floor { get; init; }

        /// <summary>With <c>--floor-post</c>: the floor is a POST with a small JSON body.</summary>
        public bool FloorPost { get; init; }

        /// <summary>With <c>--lean</c>: the database the clients write the lifecycles to directly, and the parties they write with.</summary>
        public (NpgsqlDataSource Db, LeanParties Parties)? Lean { get; set; }

        public ConcurrentQueue<string> ErrorBodies { get; } = new();

        public int ServerErrors;
    }

    private static async Task<Result> DriveAsync(WebApp web, ThrowawayPostgres server, int clients, int seconds, int warmup, decimal amount, string? floor, bool lean, bool floorPost,
        string? step, int prepare, bool idempotencyKeys)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in Accounts)
        {
            using var r = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = $"{a}@demo.local", password = Password });
            r.EnsureSuccessStatusCode();
            tokens[a] = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        }

        var ctx = new Ctx(http, tokens) { Floor = floor, FloorPost = floorPost, IdempotencyKeys = idempotencyKeys };
        if (idempotencyKeys)
        {
            Console.WriteLine("every write carries a fresh Idempotency-Key (the app keeps each response for replay)");
        }

        var orgs = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var users = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var a in new[] { "bank1", "bank2", "guarantor", "national-fund", "provincial" })
        {
            using var r = await Send(ctx, HttpMethod.Get, "/api/v1/auth/me", a, null);
            var me = await r.Content.ReadFromJsonAsync<JsonElement>();
            orgs[a] = me.GetProperty("organisationId").GetGuid();
            users[a] = me.GetProperty("userId").GetGuid();
        }

        // Key enterprises whose quota holds the amount ten times over, dealt round-robin to the clients.
        var keys = new List<long>();
        for (var page = 1; ; page++)
        {
            using var r = await Send(ctx, HttpMethod.Get, $"/api/v1/enterprises?key=true&pageSize=200&page={page}", "regulator", null);
            r.EnsureSuccessStatusCode();
            var items = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
            if (items.GetArrayLength() == 0)
            {
                break;
            }

            foreach (var item in items.EnumerateArray())
            {
                if (item.GetProperty("quota").GetString() is { } q && decimal.Parse(q, CultureInfo.InvariantCulture) >= 10 * amount)
                {
                    keys.Add(item.GetProperty("id").GetInt64());
                }
            }
        }

        if (keys.Count == 0)
        {
            throw new InvalidOperationException($"no key enterprise has a quota of at least {10 * amount:F2}: lower --amount or raise --enterprises");
        }

        Console.WriteLine($"{keys.Count} key enterprises with quota ≥ {10 * amount:F2}: {(keys.Count >= clients ? $"{keys.Count / clients}+ per client, no two clients share one" : "fewer than clients: some share")}");

        // Four lifecycles one after another first (one of them released), not measured: JIT and EF query compilation of every step.
        var t0 = Stopwatch.GetTimestamp();
        var first = await ClientAsync(ctx, 0, [keys[0]], orgs, amount, long.MaxValue, 4);
        Console.WriteLine($"4 sequential warm-up lifecycles in {Stopwatch.GetElapsedTime(t0).TotalSeconds:F1} s ({first.Lifecycles} completed)");
        if (step is not null)
        {
            // The process first runs whole lifecycles for the warm-up, unmeasured, so the JIT's tier-up is over (as in a lifecycle run).
            Console.WriteLine($"--step: {warmup} s of whole lifecycles first, not measured…");
            var until = Stopwatch.GetTimestamp() + (warmup * Stopwatch.Frequency);
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() =>
                ClientAsync(ctx, c, [.. keys.Where((_, i) => keys.Count < clients ? i % keys.Count == c % keys.Count : i % clients == c)], orgs, amount, until))));
            return await StepAsync(ctx, web, server, clients, keys, orgs, amount, step, prepare);
        }
        await using var leanDb = lean ? new NpgsqlDataSourceBuilder($"{server.ConnectionString};Max Auto Prepare=128;No Reset On Close=true").Build() : null;
        if (leanDb is not null)
        {
            ctx.Lean = (leanDb, new LeanParties(orgs["bank1"], orgs["guarantor"], orgs["national-fund"], orgs["provincial"], users["guarantor"]));
            Console.WriteLine("--lean: the clients write the lifecycles straight to PostgreSQL (one read and one batch a write), not through the web app");
        }

        var start = Stopwatch.GetTimestamp();
        ctx.MeasureFrom = start + (warmup * Stopwatch.Frequency);
        var end = ctx.MeasureFrom + (seconds * Stopwatch.Frequency);
        ctx.MeasureTo = end;
        var waits = new Dictionary<string, double>(StringComparer.Ordinal);
        var waitSamples = 0;
        using var stop = new CancellationTokenSource();
        var sampler = SampleWaitsAsync(server, ctx, waits, s => waitSamples = s, stop.Token);
        Console.WriteLine($"driving {clients} clients: {warmup} s warm-up, then {seconds} s measured…");

        using var self = Process.GetCurrentProcess();
        TimeSpan webCpu0 = TimeSpan.Zero, benchCpu0 = TimeSpan.Zero, serverCpu0 = TimeSpan.Zero;
        long[]? machine0 = null;
        (long Commits, long? Statements) counters0 = default;
        var cpuMark = Task.Run(async () =>
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), ctx.MeasureFrom);
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            webCpu0 = web.CpuTime();
            serverCpu0 = PostgresCpuTime();
            counters0 = await ServerCountersAsync(server);
            machine0 = MachineCpuTicks();
            self.Refresh();
            benchCpu0 = self.TotalProcessorTime;
        });
        var runs = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() =>
        {
            List<long> mine = [.. keys.Where((_, i) => keys.Count < clients ? i % keys.Count == c % keys.Count : i % clients == c)];
            return ctx.Lean is var (db, parties)
                ? LeanClientAsync(ctx, db, c, mine, parties with { Bank = c % 2 == 0 ? orgs["bank1"] : orgs["bank2"] }, (long)(amount * 100), end)
                : ClientAsync(ctx, c, mine, orgs, amount, end);
        })));
        await cpuMark;
        var webCpu = web.CpuTime() - webCpu0;
        var machine1 = MachineCpuTicks();
        var machine = MachineCpuShares(machine0, machine1);
        var serverCpu = PostgresCpuTime() - serverCpu0;
        var counters = await ServerCountersAsync(server);
        self.Refresh();
        var benchCpu = self.TotalProcessorTime - benchCpu0;
        var load = LoadAverage();
        await stop.CancelAsync();
        await sampler;
        var samples = runs.SelectMany(r => r.Samples).ToList();
        return new Result(samples, seconds, runs.Sum(r => r.Lifecycles), runs.Sum(r => r.Released), runs.Sum(r => r.Recovered), keys.Count,
            ctx.ServerErrors, [.. ctx.ErrorBodies.Take(5)], waits, waitSamples, webCpu, benchCpu, serverCpu, load, machine,
            MachineBusy(machine0, machine1), counters.Commits - counters0.Commits, counters.Statements - counters0.Statements);
    }

    private sealed record ClientRun(List<Sample> Samples, int Lifecycles, int Released, int Recovered);

    private static async Task<ClientRun> ClientAsync(Ctx ctx, int client, List<long> enterprises, Dictionary<string, Guid> orgs, decimal amount, long end, int max = int.MaxValue)
    {
        var samples = new List<Sample>(4096);
        var bank = client % 2 == 0 ? "bank1" : "bank2";
        var rest = (amount * 0.6m).ToString("F2", CultureInfo.InvariantCulture);
        int lifecycles = 0, released = 0, recovered = 0;
        if (ctx.Floor is { } floor && max == int.MaxValue)
        {
            // The floor: the same clients, tokens and pipeline (authentication, viewer, authorisation), one cheap read.
            while (Stopwatch.GetTimestamp() < end)
            {
                await Write(ctx, samples, "floor", floor, bank, ctx.FloorPost ? new { note = "floor" } : null);
            }

            return new ClientRun(samples, 0, 0, 0);
        }

        for (var n = 0; n < max && Stopwatch.GetTimestamp() < end && enterprises.Count > 0; n++)
        {
            var p = new Prepared(0, enterprises[n % enterprises.Count]);
            var applied = await StepOnceAsync(ctx, samples, client, n, p, orgs, amount, "apply");
            if (applied is null)
            {
                continue;
            }

            p = p with { Guarantee = applied.Value.GetProperty("id").GetInt64() };
            async Task<bool> Step(string step, string? repayment = null, string reguarantor = "national-fund") =>
                await StepOnceAsync(ctx, samples, client, n, p, orgs, amount, step, repayment, reguarantor) is not null;
            if (!(await Step("review") && await Step("decide") && await Step("letter") && await Step("loan") && await Step("repay")))
            {
                continue;
            }

            lifecycles++;
            if (n % 4 == 3)
            {
                // One lifecycle in four is repaid in full (released); the others default and go through 代偿 and 追偿.
                released += await Step("repay", rest) ? 1 : 0;
                continue;
            }

            if (await Step("default") && await Step("compensate") && await Step("confirm") && await Step("confirm", reguarantor: "provincial") && await Step("recover"))
            {
                recovered++;
            }
        }

        return new ClientRun(samples, lifecycles, released, recovered);
    }

    /// <summary>One write (a read with no body, for <c>--floor</c>): its latency (monotonic timestamps, body read) counted if it started inside the measured window.</summary>
    private static async Task<JsonElement?> Write(Ctx ctx, List<Sample> samples, string step, string path, string account, object? body)
    {
        var t0 = Stopwatch.GetTimestamp();
        if (t0 >= ctx.MeasureTo)
        {
            return null;
        }

        using var response = await Send(ctx, body is null ? HttpMethod.Get : HttpMethod.Post, path, account, body);
        var content = await response.Content.ReadAsByteArrayAsync();
        var t1 = Stopwatch.GetTimestamp();
        var status = (int)response.StatusCode;
        if (t0 >= ctx.MeasureFrom)
        {
            samples.Add(new Sample(step, t1 - t0, status));
        }

        if (status >= 500)
        {
            Interlocked.Increment(ref ctx.ServerErrors);
            ctx.ErrorBodies.Enqueue($"{step} {status}: {Clip(System.Text.Encoding.UTF8.GetString(content))}");
        }
        else if (status >= 400 && ctx.ErrorBodies.Count < 5)
        {
            ctx.ErrorBodies.Enqueue($"{step} {status}: {Clip(System.Text.Encoding.UTF8.GetString(content))}");
        }

        // A floor read's body is not looked at (it need not be JSON, and parsing it would load the generator).
        return status is >= 200 and < 300 && body is not null ? JsonDocument.Parse(content).RootElement.Clone() : null;
    }

    /// <summary>An answer's body, cut to 400 characters for the report (characters, not bytes: refusals quote the policy in Chinese).</summary>
    private static string Clip(string body) => body[..Math.Min(body.Length, 400)];

    private static Task<HttpResponseMessage> Send(Ctx ctx, HttpMethod method, string path, string account, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ctx.Tokens[account]);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
            if (ctx.IdempotencyKeys)
            {
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            }
        }

        return ctx.Http.SendAsync(request);
    }

    /// <summary>
    /// The web app's database's commits so far and, with pg_stat_statements loaded, its statements: over the measured
    /// window, per write, a figure of the work that does not drift with the machine's speed as CPU time does.
    /// </summary>
    private static async Task<(long Commits, long? Statements)> ServerCountersAsync(ThrowawayPostgres server)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var commits = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = 'rongtong'", connection);
        var committed = (long)(await commits.ExecuteScalarAsync())!;
        if (!await StatementsTrackedAsync(connection))
        {
            return (committed, null);
        }

        await using var statements = new NpgsqlCommand("SELECT sum(calls)::bigint FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'rongtong')", connection);
        return (committed, (long)(await statements.ExecuteScalarAsync())!);
    }

    /// <summary>
    /// Whether the server was started with pg_stat_statements (<c>RONGTONG_BENCH_PG_OPTIONS</c>); if so, its view is
    /// created in the connection's database (once; later calls find it).
    /// </summary>
    private static async Task<bool> StatementsTrackedAsync(NpgsqlConnection connection)
    {
        if (Environment.GetEnvironmentVariable("RONGTONG_BENCH_PG_OPTIONS")?.Contains("pg_stat_statements", StringComparison.Ordinal) != true)
        {
            return false;
        }

        await using var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
        await create.ExecuteNonQueryAsync();
        return true;
    }

    /// <summary>Every 100 ms: what the web app's active backends wait on (wait event, or CPU when none), and how many sit idle in a transaction.</summary>
    private static async Task SampleWaitsAsync(ThrowawayPostgres server, Ctx ctx, Dictionary<string, double> waits, Action<int> count, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        var n = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(100, ct);
                var now = Stopwatch.GetTimestamp();
                if (now < ctx.MeasureFrom || now >= ctx.MeasureTo)
                {
                    continue;
                }

                await using var command = new NpgsqlCommand(
                    """
                    SELECT CASE WHEN state = 'active' THEN 'active, ' || coalesce(wait_event_type || '/' || wait_event, 'on CPU') ELSE state END, count(*)
                    FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' GROUP BY 1
                    """, connection);
                await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    var key = reader.GetString(0);
                    waits[key] = waits.GetValueOrDefault(key) + reader.GetInt64(1);
                }

                n++;
            }
        }
        catch (OperationCanceledException)
        {
            // done
        }

        count(n);
    }

    /// <summary>The machine's CPU time by state since boot (<c>/proc/stat</c>, clock ticks: user, nice, system, idle, iowait, irq, softirq, steal), or null.</summary>
    private static long[]? MachineCpuTicks()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            return [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(x => long.Parse(x, CultureInfo.InvariantCulture))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Of <see cref="MachineCpuTicks"/>' states, the busy ones: user, nice, system, irq, softirq.</summary>
    private static long BusyTicks(long[] ticks) => ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6];

    /// <summary>The machine's busy CPU time between two readings, or null.</summary>
    private static TimeSpan? MachineBusy(long[]? from, long[]? to) =>
        from is { Length: >= 8 } && to is { Length: >= 8 } ? TimeSpan.FromSeconds((BusyTicks(to) - BusyTicks(from)) / 100.0) : null; // USER_HZ is 100 on Linux

    /// <summary>
    /// Busy, idle and stolen shares of the machine's CPU time between two readings: "steal" is time the hypervisor gave
    /// to other guests — runs with much of it are slower for reasons outside the code.
    /// </summary>
    private static string MachineCpuShares(long[]? from, long[]? to)
    {
        if (from is null || to is null || from.Length < 8 || to.Length < 8)
        {
            return "not available";
        }

        var d = to.Zip(from, (a, b) => a - b).ToArray();
        double total = Math.Max(1, d.Sum());
        return $"busy {BusyTicks(d) / total:P1}, idle {(d[3] + d[4]) / total:P1}, stolen {d[7] / total:P1}";
    }

    /// <summary>CPU time of every process named <c>postgres</c> on the machine, with that of their ended children (the throwaway server's backends come and go; the difference over a window is what it did).</summary>
    private static TimeSpan PostgresCpuTime()
    {
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                if (close < 0 || !stat.AsSpan(stat.IndexOf('(') + 1, close - stat.IndexOf('(') - 1).SequenceEqual("postgres"))
                {
                    continue;
                }

                var fields = stat[(close + 2)..].Split(' ');
                // utime, stime, and cutime, cstime: the postmaster's reaped children, so backends that ended in the
                // window (every pgbench client's, at its end) still count (clock ticks)
                ticks += fields.Skip(11).Take(4).Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // the process ended while we read it
            }
            catch (UnauthorizedAccessException)
            {
                // not ours to read
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    /// <summary>
    /// With the server started with <c>RONGTONG_BENCH_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements"</c>:
    /// the statements that took the server's time during the whole run, most first.
    /// </summary>
    private static async Task ReportStatementsAsync(ThrowawayPostgres server)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        if (!await StatementsTrackedAsync(connection))
        {
            return;
        }

        // Planning is tracked when the server runs with -c pg_stat_statements.track_planning=on (else zero).
        await using (var totals = new NpgsqlCommand(
            """
            SELECT sum(calls)::bigint, round(sum(total_exec_time)::numeric, 0), sum(plans)::bigint, round(sum(total_plan_time)::numeric, 0)
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'rongtong')
            """, connection))
        await using (var t = await totals.ExecuteReaderAsync())
        {
            await t.ReadAsync();
            Console.WriteLine($"statements (whole run): {t.GetInt64(0)} executed in {t.GetDecimal(1)} ms; {t.GetInt64(2)} planned in {t.GetDecimal(3)} ms");
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT calls, round(total_exec_time::numeric, 0), round(mean_exec_time::numeric, 3), rows, regexp_replace(query, '\s+', ' ', 'g'), plans, round(total_plan_time::numeric, 0)
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'rongtong') ORDER BY total_exec_time + total_plan_time DESC LIMIT 25
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Console.WriteLine("statements by server time (whole run): calls  total ms  mean ms  rows  plans  plan ms  query");
        while (await reader.ReadAsync())
        {
            var query = reader.GetString(4);
            Console.WriteLine($"  {reader.GetInt64(0),8} {reader.GetDecimal(1),9} {reader.GetDecimal(2),8} {reader.GetInt64(3),8} {reader.GetInt64(5),6} {reader.GetDecimal(6),8}  {query[..Math.Min(query.Length, 150)]}");
        }
    }

    private static void Report(Result r, PgbenchRun? pgbench, int clients, string? floor, bool lean, string? step = null)
    {
        var ok = r.Samples.Where(s => s.Status < 400).ToList();
        var all = r.Samples.Select(s => s.Ticks).Order().ToArray();
        var c4 = r.Samples.Count(s => s.Status is >= 400 and < 500);
        var c5 = r.Samples.Count(s => s.Status >= 500);
        var rps = r.Samples.Count / r.Window;
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        double P(long[] sorted, double q) => sorted.Length == 0 ? double.NaN : Ms(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)]);
        Console.WriteLine();
        Console.WriteLine(step is not null
            ? $"== {clients} clients, {r.Window:F1} s measured: the step '{step}' alone, on guarantees prepared for it"
            : floor is null
            ? $"== {clients} clients, {r.Window:F0} s measured: {r.Lifecycles} lifecycles past repayment ({r.Released} released, {r.Recovered} through 代偿/追偿), {r.KeyEnterprises} key enterprises"
            : $"== {clients} clients, {r.Window:F0} s measured: the floor, {floor}");
        Console.WriteLine($"{(floor is not null ? $"floor requests ({floor}, not writes)" : lean ? "lean writes (straight to PostgreSQL, no HTTP)" : "write requests")}: {r.Samples.Count} = {rps:F1} /s ({ok.Count / r.Window:F1} /s succeeded)");
        Console.WriteLine($"latency ms: p50 {P(all, 0.50):F1}  p90 {P(all, 0.90):F1}  p99 {P(all, 0.99):F1}  max {(all.Length > 0 ? Ms(all[^1]) : double.NaN):F1}");
        Console.WriteLine($"errors: 4xx {c4}, 5xx {c5} (5xx in the whole run, warm-up included: {r.ServerErrors}; web log kept in {Path.Combine(Path.GetTempPath(), "rongtong-bench-web.log")})");
        foreach (var e in r.ErrorBodies)
        {
            Console.WriteLine($"  {e}");
        }

        Console.WriteLine("by step: count  p50  p99  max (ms)");
        foreach (var byStep in r.Samples.GroupBy(s => s.Step).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var t = byStep.Select(s => s.Ticks).Order().ToArray();
            Console.WriteLine($"  {byStep.Key,-11} {t.Length,7} {P(t, 0.5),7:F1} {P(t, 0.99),7:F1} {Ms(t[^1]),8:F1}   4xx {byStep.Count(s => s.Status is >= 400 and < 500)}");
        }

        var requests = Math.Max(1, r.Samples.Count);
        var unit = floor is null ? "write" : "request";
        Console.WriteLine($"server work per {unit}: {(double)r.Commits / requests:F2} commits" + (r.Statements is { } statements ? $", {(double)statements / requests:F2} statements (pg_stat_statements)" : ""));
        Console.WriteLine($"web process CPU {r.WebCpu.TotalSeconds:F1} s ({r.WebCpu.TotalMilliseconds / requests:F2} ms a {unit}); PostgreSQL server CPU {r.ServerCpu.TotalSeconds:F1} s ({r.ServerCpu.TotalMilliseconds / requests:F2} ms a {unit}); load generator CPU {r.BenchCpu.TotalSeconds:F1} s ({r.BenchCpu.TotalMilliseconds / requests:F2} ms a {unit}{(lean ? ", the lean clients' Npgsql work" : "")}); load average {r.LoadAverage} at the end");
        Console.WriteLine($"machine CPU over the window: {r.MachineCpu}");
        if (r.WaitSamples > 0)
        {
            Console.WriteLine($"PostgreSQL backends of the web app, mean count over {r.WaitSamples} samples:");
            foreach (var (k, v) in r.Waits.OrderByDescending(x => x.Value))
            {
                Console.WriteLine($"  {v / r.WaitSamples,6:F2}  {k}");
            }
        }

        var machinePerRequest = r.MachineBusy?.TotalMilliseconds / requests;
        Console.WriteLine($"whole machine CPU a {unit}: {(machinePerRequest is { } mr ? $"{mr:F2} ms" : "not available")}");
        if (pgbench is { } b)
        {
            var t0 = b.Tps;
            Console.WriteLine($"pgbench (TPC-B, same server, {clients} clients): {t0:F0} tps; ratio write rps / pgbench tps = {rps / t0:F3} (target ≥ 0.5)");

            // Both runs keep the machine busy, so throughput goes as the inverse of the CPU each unit of work takes.
            var serverPerWrite = r.ServerCpu.TotalMilliseconds / requests;
            Console.WriteLine($"CPU a unit of work, write against TPC-B transaction: PostgreSQL {serverPerWrite:F2} against {b.ServerMsPerTransaction:F2} ms ({serverPerWrite / b.ServerMsPerTransaction:F1}×)" +
                (machinePerRequest is { } m && b.MachineMsPerTransaction is { } mt ? $"; whole machine {m:F2} against {mt:F2} ms ({m / mt:F1}×)" : ""));
            var ceiling = Environment.ProcessorCount * 1000.0 / serverPerWrite;
            Console.WriteLine($"ceiling from PostgreSQL's CPU alone (web process, load generator and kernel costing nothing): {ceiling:F0} writes/s = {ceiling / t0:F2} × pgbench");
        }

        var p99 = P(all, 0.99);
        if (floor is not null || step is not null)
        {
            Console.WriteLine($"targets: not compared ({(step is not null ? "--step measures one step's cost" : "--floor measures the pipeline's cost, not writes")})");
            return;
        }

        if (lean)
        {
            Console.WriteLine("targets: not compared (--lean writes without the web tier: its ratio is what the data model allows at best, before HTTP, authorisation and rules)");
            return;
        }

        Console.WriteLine($"targets: throughput {(pgbench is { Tps: var t1 } ? rps >= 0.5 * t1 ? "MET" : "NOT met" : "not compared (--no-pgbench)")}; p99 ≤ 50 ms {(p99 <= 50 ? "MET" : "NOT met")}; 5xx {(r.ServerErrors == 0 ? "none" : "PRESENT")}");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static void Exec(string workingDirectory, string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}");
        }
    }

    /// <summary>The web app as a child process on a free loopback port, its own data folder, output kept in a log file.</summary>
    private sealed class WebApp : IDisposable
    {
        private readonly Process _process;
        private readonly string _folder;

        private WebApp(Process process, string folder, Uri baseAddress)
        {
            _process = process;
            _folder = folder;
            BaseAddress = baseAddress;
        }

        public Uri BaseAddress { get; }

        public TimeSpan CpuTime()
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }

        public static async Task<WebApp> StartAsync(string dll, string connectionString, int enterprises)
        {
            var folder = Directory.CreateTempSubdirectory("rongtong-bench-web-").FullName;
            var port = Rongtong.Testing.PostgresTools.FreePort();
            var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { dll, "--urls", $"http://127.0.0.1:{port}" })
            {
                info.ArgumentList.Add(a);
            }

            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            info.Environment["Database__Provider"] = "Postgres";
            // Extra Npgsql settings for the web app's connections (e.g. "Maximum Pool Size=8"), to compare deployments.
            var extra = Environment.GetEnvironmentVariable("RONGTONG_BENCH_CONNECTION_OPTIONS");
            info.Environment["ConnectionStrings__Rongtong"] = string.IsNullOrWhiteSpace(extra) ? connectionString : $"{connectionString};{extra}";
            info.Environment["Demo__Seed"] = "true";
            info.Environment["Demo__Enterprises"] = enterprises.ToString(CultureInfo.InvariantCulture);
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            info.Environment["Credit__PushIntervalMinutes"] = "0";
            info.Environment["Storage__DataFolder"] = folder;
            // Extra environment for the web process alone (e.g. "DOTNET_PROCESSOR_COUNT=1;DOTNET_gcServer=0"), so a
            // runtime setting can be compared without also changing the load generator, which inherits the bench's.
            foreach (var pair in (Environment.GetEnvironmentVariable("RONGTONG_BENCH_WEB_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new ArgumentException($"RONGTONG_BENCH_WEB_ENV: '{pair}' is not NAME=VALUE");
                }

                info.Environment[pair[..eq]] = pair[(eq + 1)..];
            }

            var log = Path.Combine(folder, "web.log");
            var writer = new StreamWriter(log) { AutoFlush = true };
            var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the web app");
            process.OutputDataReceived += (_, e) => Append(writer, e.Data);
            process.ErrorDataReceived += (_, e) => Append(writer, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var app = new WebApp(process, folder, new Uri($"http://127.0.0.1:{port}"));
            Console.WriteLine($"web app: dotnet {Path.GetFileName(dll)} --urls {app.BaseAddress} (pid {process.Id}), seeding {enterprises} demo enterprises…");
            var t0 = Stopwatch.GetTimestamp();
            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            while (true)
            {
                if (process.HasExited)
                {
                    var tail = File.ReadAllLines(log).TakeLast(40);
                    app.Dispose();
                    throw new InvalidOperationException($"the web app exited {process.ExitCode}:\n{string.Join('\n', tail)}");
                }

                try
                {
                    using var r = await probe.GetAsync(new Uri(app.BaseAddress, "/healthz"));
                    if (r.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // not listening yet (migrating, seeding)
                }

                if (Stopwatch.GetElapsedTime(t0) > TimeSpan.FromMinutes(20))
                {
                    app.Dispose();
                    throw new TimeoutException("the web app did not become healthy within 20 minutes");
                }

                await Task.Delay(500);
            }

            Console.WriteLine($"  healthy after {Stopwatch.GetElapsedTime(t0).TotalSeconds:F1} s (log: {log})");
            return app;
        }

        private static void Append(StreamWriter writer, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (writer)
            {
                writer.WriteLine(line);
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
            try
            {
                File.Copy(Path.Combine(_folder, "web.log"), Path.Combine(Path.GetTempPath(), "rongtong-bench-web.log"), overwrite: true);
            }
            catch (IOException)
            {
                // no log to keep
            }

            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // the log may still be open; the temp folder is left behind
            }
        }
    }
}
