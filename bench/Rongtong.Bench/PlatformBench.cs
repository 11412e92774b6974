using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Rongtong.Application.Data;
using Rongtong.Application.Features.Registry;
using Rongtong.Application.Infrastructure;
using Rongtong.Cli;

namespace Rongtong.Bench;

/// <summary>
/// <c>import</c> and <c>search</c>: the platform's speed targets (issue 3) measured through the same
/// handlers the web host and the CLI call, on a temp SQLite file and on a throwaway PostgreSQL.
/// </summary>
internal static class PlatformBench
{
    public const string ImportUsage = "usage: import --data DIR [--target sqlite|postgres|both] [--keep-sqlite FILE] [--no-search] [--runs N]";
    public const string SearchUsage = "usage: search --provider Sqlite|Postgres --connection STRING [--runs N]";

    private static readonly DateOnly AsOf = new(2023, 6, 30);

    public static async Task<int> ImportAsync(string[] args)
    {
        string? data = null, keep = null;
        var target = "both";
        var search = true;
        var runs = 30;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--data": data = Value(); break;
                case "--target": target = Value(); break;
                case "--keep-sqlite": keep = Value(); break;
                case "--no-search": search = false; break;
                case "--runs": runs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }

        if (data is null || target is not ("sqlite" or "postgres" or "both"))
        {
            throw new ArgumentException("--data is required; --target is sqlite, postgres or both");
        }

        var enterprises = Path.Combine(data, "enterprises.csv");
        var taxes = Path.Combine(data, "taxes.csv");
        Console.WriteLine($"data: {data} ({new FileInfo(enterprises).Length / 1e6:F1} MB enterprises, {new FileInfo(taxes).Length / 1e6:F1} MB taxes)");
        if (target is "sqlite" or "both")
        {
            var file = keep ?? Path.Combine(Path.GetTempPath(), $"rongtong-bench-{Guid.NewGuid():N}.db");
            File.Delete(file);
            var storage = new StorageOptions(StorageOptions.Sqlite, $"Data Source={file}");
            try
            {
                await ImportOnce("SQLite", storage, enterprises, taxes);
                Console.WriteLine($"  database file {new FileInfo(file).Length / 1e6:F0} MB");
                if (search)
                {
                    await SearchAll(storage, runs);
                }
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                if (keep is null)
                {
                    foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                    {
                        File.Delete(f);
                    }
                }
            }
        }

        if (target is "postgres" or "both")
        {
            using var server = ThrowawayPostgres.Start();
            var storage = new StorageOptions(StorageOptions.Postgres, server.ConnectionString);
            await ImportOnce("PostgreSQL", storage, enterprises, taxes);
            if (search)
            {
                await SearchAll(storage, runs);
            }
        }

        return 0;
    }

    public static async Task<int> SearchAsync(string[] args)
    {
        string? provider = null, connection = null;
        var runs = 30;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--provider": provider = Value(); break;
                case "--connection": connection = Value(); break;
                case "--runs": runs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }

        if (provider is null || connection is null)
        {
            throw new ArgumentException("--provider and --connection are required");
        }

        await SearchAll(new StorageOptions(provider, connection), runs);
        return 0;
    }

    private static async Task ImportOnce(string label, StorageOptions storage, string enterprises, string taxes)
    {
        var clock = TimeProvider.System;
        await using (var db = StorageRegistration.CreateContext(storage))
        {
            await StorageRegistration.MigrateAsync(db, PolicyStore.Load(PolicyStore.DefaultDirectory));
        }

        Console.WriteLine($"{label}: import");
        var total = Stopwatch.StartNew();
        var cpuTotal = Cpu();
        foreach (var (kind, file) in new[] { (ImportRegistry.Feed.Enterprises, enterprises), (ImportRegistry.Feed.Taxes, taxes) })
        {
            await using var db = StorageRegistration.CreateContext(storage);
            await using var content = File.OpenRead(file);
            var watch = Stopwatch.StartNew();
            var cpu = Cpu();
            var batch = await new ImportRegistry.Handler(db, CliSupport.Catalog, clock)
                .Handle(new ImportRegistry.Command(kind, Path.GetFileName(file), content, content.Length));
            Console.WriteLine($"  {kind,-11} {watch.Elapsed.TotalSeconds,7:F1} s  (bench process CPU {(Cpu() - cpu).TotalSeconds:F1} s)  {batch.Status}: {batch.Message}");
        }

        Console.WriteLine($"  {"both",-11} {total.Elapsed.TotalSeconds,7:F1} s  (bench process CPU {(Cpu() - cpuTotal).TotalSeconds:F1} s; target ≤ 60 s wall)");
        await using (var db = StorageRegistration.CreateContext(storage))
        {
            var watch = Stopwatch.StartNew();
            var cpu = Cpu();
            var result = await new DetermineEnterprises.Handler(db, CliSupport.Catalog, clock).Handle(new DetermineEnterprises.Command(AsOf));
            Console.WriteLine($"  determinations afterwards {watch.Elapsed.TotalSeconds,7:F1} s  (bench process CPU {(Cpu() - cpu).TotalSeconds:F1} s; {DetermineEnterprises.Describe(result)}; not part of the target)");
        }
    }

    /// <summary>Typical list queries as the regulator (sees everything): p50/p95 of the handler's time, each on a fresh context like a request.</summary>
    private static async Task SearchAll(StorageOptions storage, int runs)
    {
        string uscc, fragment;
        await using (var db = StorageRegistration.CreateContext(storage))
        {
            var count = await db.Enterprises.CountAsync();
            var sample = await db.Enterprises.AsNoTracking().OrderBy(e => e.Id).Skip(count / 2).FirstAsync();
            uscc = sample.Uscc;
            fragment = sample.Name.Length >= 6 ? sample.Name[2..5] : sample.Name;
            Console.WriteLine($"  search over {count:N0} enterprises (name fragment '{fragment}', USCC {uscc}); {runs} runs after 3 warm-ups");
        }

        var queries = new (string Label, SearchEnterprises.Query Query)[]
        {
            ("first page, no filter", new(null, null, null, null, AsOf)),
            ($"name fragment '{fragment}'", new(fragment, null, null, null, AsOf)),
            ("USCC exact", new(uscc, null, null, null, AsOf)),
            ("district 330106", new(null, "330106", null, null, AsOf)),
            ("key enterprises", new(null, null, null, true, AsOf)),
            ("district + key, page 50", new(null, "330106", null, true, AsOf, Page: 50)),
            ("page 50, no filter", new(null, null, null, null, AsOf, Page: 50)),
        };
        foreach (var (label, query) in queries)
        {
            var times = new List<double>(runs);
            var total = 0;
            for (var i = 0; i < runs + 3; i++)
            {
                await using var db = StorageRegistration.CreateContext(storage);
                db.Viewer = Viewer.System(AsOf);
                var watch = Stopwatch.StartNew();
                var page = await new SearchEnterprises.Handler(db).Handle(query);
                watch.Stop();
                total = page.Total;
                if (i >= 3)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            Console.WriteLine($"  {label,-32} total {total,9:N0}  p50 {Percentile(times, 0.50),7:F1} ms  p95 {Percentile(times, 0.95),7:F1} ms");
        }
    }

    /// <summary>This process's CPU time (the handlers and, on SQLite, the database engine), to tell work from waiting on a shared machine.</summary>
    private static TimeSpan Cpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
