using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Rongtong.Bench;

/// <summary>
/// <c>load --step STEP</c>: the CPU of one lifecycle step alone. The clients first take <c>--prepare N</c> guarantees
/// (in all) through the steps before STEP, unmeasured, then all of them run STEP on a tenth more first (its code
/// warmed up) and then on the N, measured from the first request to the last: requests/s, latency, and the CPU the web
/// process, PostgreSQL and the machine spent per request. So a write's cost can be attributed step by step.
/// </summary>
internal static partial class LoadBench
{
    /// <summary>The lifecycle's steps in order; a step's guarantees are prepared through the ones before it.</summary>
    public static readonly string[] Steps = ["apply", "review", "decide", "letter", "loan", "repay", "default", "compensate", "confirm", "recover"];

    private sealed record Prepared(long Guarantee, long Enterprise);

    private static async Task<Result> StepAsync(Ctx ctx, WebApp web, ThrowawayPostgres server, int clients, List<long> keys, Dictionary<string, Guid> orgs, decimal amount,
        string step, int prepare)
    {
        var index = Array.IndexOf(Steps, step);
        var warm = Math.Max(clients, prepare / 10);
        var perClient = (prepare + warm + clients - 1) / clients;
        Console.WriteLine($"--step {step}: preparing {perClient * clients} guarantees through {(index == 0 ? "nothing" : string.Join(" → ", Steps[..index]))} (not measured)…");
        var t0 = Stopwatch.GetTimestamp();
        var prepared = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            List<long> mine = [.. keys.Where((_, i) => keys.Count < clients ? i % keys.Count == c % keys.Count : i % clients == c)];
            var list = new List<Prepared>(perClient);
            for (var n = 0; list.Count < perClient && n < perClient * 3; n++)
            {
                var enterprise = mine[n % mine.Count];
                if (index == 0)
                {
                    list.Add(new Prepared(0, enterprise));
                }
                else if (await AdvanceAsync(ctx, c, n, enterprise, orgs, amount, index) is { } id)
                {
                    list.Add(new Prepared(id, enterprise));
                }
            }

            return list;
        })));
        Console.WriteLine($"  prepared {prepared.Sum(p => p.Count)} in {Stopwatch.GetElapsedTime(t0).TotalSeconds:F1} s");

        // The step's own code warmed up on the first tenth, then measured on the rest.
        var warmEach = (warm + clients - 1) / clients;
        await Task.WhenAll(prepared.Select((list, c) => Task.Run(async () =>
        {
            for (var i = 0; i < Math.Min(warmEach, list.Count); i++)
            {
                await StepOnceAsync(ctx, [], c, i, list[i], orgs, amount, step);
            }
        })));

        using var self = Process.GetCurrentProcess();
        var webCpu0 = web.CpuTime();
        var serverCpu0 = PostgresCpuTime();
        var counters0 = await ServerCountersAsync(server);
        var machine0 = MachineCpuTicks();
        self.Refresh();
        var benchCpu0 = self.TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        ctx.MeasureFrom = start;
        ctx.MeasureTo = long.MaxValue;
        var runs = await Task.WhenAll(prepared.Select((list, c) => Task.Run(async () =>
        {
            var samples = new List<Sample>(list.Count);
            for (var i = warmEach; i < list.Count; i++)
            {
                await StepOnceAsync(ctx, samples, c, i, list[i], orgs, amount, step);
            }

            return new ClientRun(samples, 0, 0, 0);
        })));
        var window = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var webCpu = web.CpuTime() - webCpu0;
        var machine1 = MachineCpuTicks();
        var serverCpu = PostgresCpuTime() - serverCpu0;
        var counters = await ServerCountersAsync(server);
        self.Refresh();
        var benchCpu = self.TotalProcessorTime - benchCpu0;
        return new Result([.. runs.SelectMany(r => r.Samples)], window, 0, 0, 0, keys.Count, ctx.ServerErrors, [.. ctx.ErrorBodies.Take(5)], [], 0,
            webCpu, benchCpu, serverCpu, LoadAverage(), MachineCpuShares(machine0, machine1), MachineBusy(machine0, machine1),
            counters.Commits - counters0.Commits, counters.Statements - counters0.Statements);
    }

    /// <summary>Takes a new guarantee of the enterprise through the steps before <paramref name="upTo"/>; its id, or null when a step failed.</summary>
    private static async Task<long?> AdvanceAsync(Ctx ctx, int client, int n, long enterprise, Dictionary<string, Guid> orgs, decimal amount, int upTo)
    {
        var p = new Prepared(0, enterprise);
        for (var s = 0; s < upTo; s++)
        {
            var result = await StepOnceAsync(ctx, [], client, n, p, orgs, amount, Steps[s]);
            if (result is null)
            {
                return null;
            }

            if (s == 0)
            {
                p = p with { Guarantee = result.Value.GetProperty("id").GetInt64() };
            }
        }

        return p.Guarantee;
    }

    /// <summary>
    /// One step of a lifecycle on a guarantee, as every client sends it (a repayment of 40 % unless <paramref name="repayment"/>
    /// is given; a confirmation by <paramref name="reguarantor"/>); its answer, or null.
    /// </summary>
    private static Task<JsonElement?> StepOnceAsync(Ctx ctx, List<Sample> samples, int client, int n, Prepared p, Dictionary<string, Guid> orgs, decimal amount, string step,
        string? repayment = null, string reguarantor = "national-fund")
    {
        var bank = client % 2 == 0 ? "bank1" : "bank2";
        var text = amount.ToString("F2", CultureInfo.InvariantCulture);
        var g = $"/api/v1/guarantees/{p.Guarantee}";
        return step switch
        {
            "apply" => Write(ctx, samples, step, "/api/v1/guarantees", bank, new
            {
                enterpriseId = p.Enterprise, bankId = orgs[bank], guarantorId = orgs["guarantor"], amount = text, feeRate = 0.008m, startDate = "2023-07-01", endDate = "2024-07-01",
            }),
            "review" => Write(ctx, samples, step, $"{g}/review", "guarantor", new { note = "资料齐全" }),
            "decide" => Write(ctx, samples, step, $"{g}/decision", "guarantor-checker", new { approve = true, note = "同意" }),
            "letter" => Write(ctx, samples, step, $"{g}/letter", "guarantor", new { }),
            "loan" => Write(ctx, samples, step, "/api/v1/loans", bank, new
            {
                reference = $"LB-{client}-{n}-{Guid.NewGuid():N}", enterpriseId = p.Enterprise, principal = text, annualRate = 0.04m, termMonths = 12, disbursedOn = "2023-07-01", guaranteeId = p.Guarantee,
            }),
            "repay" => Write(ctx, samples, step, $"{g}/repayments", bank, new { amount = repayment ?? (amount * 0.4m).ToString("F2", CultureInfo.InvariantCulture) }),
            "default" => Write(ctx, samples, step, $"{g}/default", bank, new { }),
            "compensate" => Write(ctx, samples, step, $"{g}/compensation", "guarantor-checker", new { }),
            "confirm" => Write(ctx, samples, step, $"{g}/reguarantee/confirm", reguarantor, new { }),
            "recover" => Write(ctx, samples, step, $"{g}/recoveries", "guarantor", new { amount = "1000.00", final = true }),
            _ => throw new ArgumentException($"unknown step '{step}'"),
        };
    }
}
