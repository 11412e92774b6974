using Google.OrTools.Graph;
using Rongtong.Domain.Matching;

namespace Rongtong.Application.Features.Credit;

/// <summary>
/// Batch push of loan demands to banks (POLICY.md P8, 二(二) "智能化、批量化"): each demand to at most k
/// distinct banks, each bank at most its capacity, only compatible products; the number of demands that
/// reach a bank is maximal, then the number of pushes, then the total fit. Used by <c>rongtong match</c>
/// and by the web app's scheduled and on-demand batches (<see cref="RunPush"/>).
/// </summary>
/// <remarks>
/// <para><b>The network.</b> Source → demand: one arc of capacity 1 and cost −B (the demand's first push)
/// and one of capacity k − 1 and cost 0 (its further pushes); demand → bank, one arc per
/// <see cref="PushCandidates"/> entry, capacity 1, cost −fit (basis points); bank → sink, capacity = the
/// bank's capacity. Integral flows are exactly the feasible push plans (capacity 1 on demand → bank
/// makes the banks distinct). OR-Tools' <c>SolveMaxFlowWithMinCost</c> returns an integral flow of
/// maximum value and, among those, minimum cost.</para>
/// <para><b>Claim 1: maximum coverage and maximum pushes are attainable together.</b> Take a flow that
/// covers as many demands as possible using only the first-push arcs (a maximum flow when every
/// source arc has capacity 1), then augment it to a maximum flow of the full network along shortest
/// augmenting paths. An augmenting path is simple and starts at the source, so it never enters the source
/// again: it leaves by one forward source arc and never cancels flow on another. Flow on source → demand
/// arcs therefore never decreases, every covered demand stays covered, and the result is a maximum flow
/// (most pushes) with maximum coverage.</para>
/// <para><b>Claim 2: with B = min(banks, demands)·10,000 + 1, the minimum-cost maximum flow has maximum
/// coverage, and among such flows maximum total fit.</b> A minimum-cost flow saturates a demand's
/// first-push arc before its other one (else moving a unit between them gains B), so its first-push flow
/// is its coverage. Let f be the solver's flow and g a maximum flow of maximum coverage (Claim 1), also
/// first-push saturated. Both have the same value, so g − f is a circulation in f's residual network and
/// splits into simple residual cycles; each cycle C gives another maximum flow f + C, so cost(C) ≥ 0. A
/// simple cycle passes the source at most once, so it changes the first-push flow by −1, 0 or +1. If g
/// covered more demands than f, some cycle would change it by +1; its cost is −B, minus the fits of the
/// demand → bank arcs it runs forward (new pushes), plus the fits of those it runs backward (pushes
/// withdrawn). A backward arc runs bank → demand; a simple cycle leaves each bank at most once and enters
/// each demand at most once, so it has at most min(banks, demands) backward arcs, each fit ≤ 10,000, and
/// its cost is ≤ −B + min(banks, demands)·10,000 &lt; 0, a contradiction. So f covers as many demands as possible, makes as
/// many pushes as possible, and its cost −B·coverage − fit is minimal, i.e. its fit is maximal among such
/// flows. (Tests check this against brute force and an independent max-flow.)</para>
/// <para>Sizes: costs are at most B·demands ≈ 2·10¹¹ for 100,000 demands and 200 banks, well inside what
/// the solver's cost scaling (× number of nodes) can hold in 64 bits.</para>
/// </remarks>
public static class BatchPush
{
    /// <summary>
    /// A push plan: the chosen candidate indexes (into <see cref="PushCandidates"/>), ordered by demand and,
    /// within a demand, by fit (highest first, then bank order).
    /// </summary>
    public sealed record Plan(int[] Chosen, int Reached, int Pushes, long TotalFit);

    /// <summary>The optimal plan (see the class remarks for why it is optimal).</summary>
    /// <exception cref="InvalidOperationException">The solver did not report an optimum (it should not happen).</exception>
    public static Plan Solve(PushCandidates candidates, IReadOnlyList<int> capacity, int k)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(capacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var n = candidates.DemandCount;
        var m = candidates.BankCount;
        var arcsIn = new int[m];
        for (var c = 0; c < candidates.Count; c++)
        {
            arcsIn[candidates.Bank[c]]++;
        }

        const int Source = 0, Sink = 1;
        var bonus = ((long)Math.Max(1, Math.Min(m, n)) * FitScore.Scale) + 1;
        var arcOf = new int[candidates.Count];
        Array.Fill(arcOf, -1);
        using var flow = new MinCostFlow(2 + n + m, (2 * n) + candidates.Count + m);
        for (var d = 0; d < n; d++)
        {
            var from = candidates.Start[d];
            var to = candidates.Start[d + 1];
            if (from == to)
            {
                continue;
            }

            var node = 2 + d;
            flow.AddArcWithCapacityAndUnitCost(Source, node, 1, -bonus);
            if (k > 1 && to - from > 1)
            {
                flow.AddArcWithCapacityAndUnitCost(Source, node, Math.Min(k, to - from) - 1, 0);
            }

            for (var c = from; c < to; c++)
            {
                var b = candidates.Bank[c];
                if (capacity[b] > 0)
                {
                    arcOf[c] = flow.AddArcWithCapacityAndUnitCost(node, 2 + n + b, 1, -candidates.Fit[c]);
                }
            }
        }

        for (var b = 0; b < m; b++)
        {
            if (capacity[b] > 0 && arcsIn[b] > 0)
            {
                flow.AddArcWithCapacityAndUnitCost(2 + n + b, Sink, Math.Min(capacity[b], arcsIn[b]), 0);
            }
        }

        // The solver takes its source and sink from the supplies; any supply at least the maximum flow will do.
        long most = 0;
        for (var d = 0; d < n; d++)
        {
            most += Math.Min(k, candidates.Start[d + 1] - candidates.Start[d]);
        }

        flow.SetNodeSupply(Source, most);
        flow.SetNodeSupply(Sink, -most);
        var status = flow.SolveMaxFlowWithMinCost();
        if (status != MinCostFlowBase.Status.OPTIMAL)
        {
            throw new InvalidOperationException($"the min-cost-flow solver returned {status}");
        }

        var chosen = new bool[candidates.Count];
        for (var c = 0; c < arcOf.Length; c++)
        {
            if (arcOf[c] >= 0 && flow.Flow(arcOf[c]) > 0)
            {
                chosen[c] = true;
            }
        }

        return PlanOf(candidates, chosen);
    }

    /// <summary>
    /// First-come push, the way provincial platforms let banks grab demands: demands in arrival order, each
    /// to its best-fitting banks that still have room, up to k. For comparison only; not optimal.
    /// </summary>
    public static Plan Greedy(PushCandidates candidates, IReadOnlyList<int> capacity, int k)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(capacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var left = capacity.ToArray();
        var chosen = new bool[candidates.Count];
        var order = new List<int>();
        for (var d = 0; d < candidates.DemandCount; d++)
        {
            order.Clear();
            for (var c = candidates.Start[d]; c < candidates.Start[d + 1]; c++)
            {
                order.Add(c);
            }

            order.Sort((x, y) => candidates.Fit[y] != candidates.Fit[x] ? candidates.Fit[y].CompareTo(candidates.Fit[x]) : x.CompareTo(y));
            var taken = 0;
            foreach (var c in order)
            {
                if (taken == k)
                {
                    break;
                }

                if (left[candidates.Bank[c]] > 0)
                {
                    left[candidates.Bank[c]]--;
                    chosen[c] = true;
                    taken++;
                }
            }
        }

        return PlanOf(candidates, chosen);
    }

    private static Plan PlanOf(PushCandidates candidates, bool[] chosen)
    {
        var list = new List<int>();
        var reached = 0;
        long fit = 0;
        for (var d = 0; d < candidates.DemandCount; d++)
        {
            var first = list.Count;
            for (var c = candidates.Start[d]; c < candidates.Start[d + 1]; c++)
            {
                if (chosen[c])
                {
                    list.Add(c);
                    fit += candidates.Fit[c];
                }
            }

            if (list.Count > first)
            {
                reached++;
                list.Sort(first, list.Count - first, Comparer<int>.Create((x, y) =>
                    candidates.Fit[y] != candidates.Fit[x] ? candidates.Fit[y].CompareTo(candidates.Fit[x]) : x.CompareTo(y)));
            }
        }

        return new Plan([.. list], reached, list.Count, fit);
    }
}
