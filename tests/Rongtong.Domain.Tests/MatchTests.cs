using System.Text;
using Rongtong.Application.Features.Credit;
using Rongtong.Domain.Matching;

namespace Rongtong.Domain.Tests;

/// <summary>Batch push (POLICY.md P8): compatibility, fit, the optimiser's optimality, and the <c>rongtong match</c> contract.</summary>
public sealed class MatchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rongtong-match-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly CreditProduct Product = new("P1", "B1", 100_000_00, 500_000_00, 12, 36, ["13", "39"], ["3301"], keyOnly: true, unsecuredOk: false);

    private static LoanDemand Demand(long amountFen = 300_000_00, int term = 24, string industry = "1311", string region = "330106", bool key = true, bool unsecured = false) =>
        new("D1", amountFen, term, industry, region, key, unsecured);

    // ---------- compatibility at every boundary ----------

    [Theory]
    [InlineData(100_000_00 - 1, Incompatibility.AmountBelowMinimum)]
    [InlineData(100_000_00, Incompatibility.None)]
    [InlineData(500_000_00, Incompatibility.None)]
    [InlineData(500_000_00 + 1, Incompatibility.AmountAboveMaximum)]
    public void Compatibility_AmountRange_IsInclusiveToTheFen(long amountFen, Incompatibility expected) =>
        Assert.Equal(expected, Compatibility.Check(Product, Demand(amountFen: amountFen)));

    [Theory]
    [InlineData(11, Incompatibility.TermBelowMinimum)]
    [InlineData(12, Incompatibility.None)]
    [InlineData(36, Incompatibility.None)]
    [InlineData(37, Incompatibility.TermAboveMaximum)]
    public void Compatibility_TermRange_IsInclusive(int term, Incompatibility expected) =>
        Assert.Equal(expected, Compatibility.Check(Product, Demand(term: term)));

    [Theory]
    [InlineData("1311", "330106", Incompatibility.None)]
    [InlineData("3911", "330100", Incompatibility.None)]
    [InlineData("1411", "330106", Incompatibility.IndustryNotServed)]
    [InlineData("1", "330106", Incompatibility.IndustryNotServed)]
    [InlineData("1311", "330206", Incompatibility.RegionNotServed)]
    [InlineData("1311", "3301", Incompatibility.None)]
    [InlineData("1311", "330", Incompatibility.RegionNotServed)]
    [InlineData("5211", "310101", Incompatibility.IndustryNotServed | Incompatibility.RegionNotServed)]
    public void Compatibility_IndustryAndRegion_MatchByPrefix(string industry, string region, Incompatibility expected) =>
        Assert.Equal(expected, Compatibility.Check(Product, Demand(industry: industry, region: region)));

    [Fact]
    public void Compatibility_EmptyPrefixLists_ServeEveryIndustryAndRegion()
    {
        var any = new CreditProduct("P2", "B1", 0, 100_000_000_00, 1, 120, CreditProduct.ParsePrefixes(""), CreditProduct.ParsePrefixes(" ; "), false, true);
        Assert.True(Compatibility.IsCompatible(any, Demand(industry: "9999", region: "650100", key: false, unsecured: true)));
    }

    [Theory]
    [InlineData(true, false, false, true, Incompatibility.None)]
    [InlineData(true, false, true, false, Incompatibility.None)]
    [InlineData(true, true, false, false, Incompatibility.None)]
    [InlineData(true, true, true, false, Incompatibility.None)]
    [InlineData(true, false, false, false, Incompatibility.KeyEnterprisesOnly)]
    [InlineData(false, true, false, true, Incompatibility.None)]
    [InlineData(false, false, true, true, Incompatibility.SecurityRequired)]
    [InlineData(false, false, true, false, Incompatibility.KeyEnterprisesOnly | Incompatibility.SecurityRequired)]
    public void Compatibility_KeyOnlyAndUnsecured(bool keyOnlyIsFalseFlag, bool unsecuredOk, bool unsecured, bool key, Incompatibility expected)
    {
        _ = keyOnlyIsFalseFlag;
        var product = new CreditProduct("P3", "B1", 0, 1_000_000_00, 1, 60, [], [], keyOnly: true, unsecuredOk);
        var expectedKeyFree = expected;
        Assert.Equal(expectedKeyFree, Compatibility.Check(product, Demand(key: key, unsecured: unsecured)));
    }

    [Fact]
    public void CreditProduct_WithMinAboveMax_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new CreditProduct("P", "B", 2, 1, 1, 2, [], [], false, false));

    // ---------- fit ----------

    [Fact]
    public void Fit_OfADemandAtTheCentreOfATargetedProduct_IsOne()
    {
        var product = new CreditProduct("P", "B", 100_00, 300_00, 12, 36, ["1311"], ["330106"], keyOnly: true, unsecuredOk: true);
        var fit = FitScore.Of(product, Demand(amountFen: 200_00, term: 24, unsecured: true));
        Assert.Equal(new FitScore(10_000, 10_000, 10_000, 10_000, 10_000), fit);
        Assert.Equal(10_000, fit.Total);
        Assert.Equal(1m, fit.Value);
    }

    [Fact]
    public void Fit_Components_AreExplainedAndWeighted()
    {
        // amount at the minimum (0), term a quarter in (5,000), industry "13" of "1311" (5,000), region "3301" of 330106 (6,666),
        // key demand on a key-only product and secured on secured (10,000).
        var fit = FitScore.Of(Product, Demand(amountFen: 100_000_00, term: 18));
        Assert.Equal(new FitScore(0, 5_000, 5_000, 6_666, 10_000), fit);
        Assert.Equal(((25 * 5_000) + (20 * 5_000) + (10 * 6_666) + (10 * 10_000)) / 100, fit.Total);
        Assert.Equal(["amount", "term", "industry", "region", "targeting"], fit.Components.Select(c => c.Name));
        Assert.Equal(100, fit.Components.Sum(c => c.Weight));
    }

    [Fact]
    public void Fit_OfAnIncompatiblePair_IsRefused() =>
        Assert.Throws<ArgumentException>(() => FitScore.Of(Product, Demand(key: false)));

    [Fact]
    public void Candidates_AgreeWithThePairRules_AndKeepTheBestProductOfEachBank()
    {
        var rng = new Random(11);
        for (var round = 0; round < 30; round++)
        {
            var (demands, products, productBank, capacity) = RandomInstance(rng, 40, 12, 5);
            var candidates = PushCandidates.Build(demands, products, productBank, capacity.Length);
            for (var d = 0; d < demands.Count; d++)
            {
                var expected = new List<(int Bank, int Product, int Fit)>();
                for (var b = 0; b < capacity.Length; b++)
                {
                    var best = Enumerable.Range(0, products.Count)
                        .Where(j => productBank[j] == b && Compatibility.IsCompatible(products[j], demands[d]))
                        .Select(j => (Product: j, Fit: FitScore.Of(products[j], demands[d]).Total))
                        .OrderByDescending(x => x.Fit).ThenBy(x => x.Product).ToList();
                    if (best.Count > 0)
                    {
                        expected.Add((b, best[0].Product, best[0].Fit));
                    }
                }

                var actual = Enumerable.Range(candidates.Start[d], candidates.Start[d + 1] - candidates.Start[d])
                    .Select(c => (candidates.Bank[c], candidates.Product[c], candidates.Fit[c])).ToList();
                Assert.Equal(expected, actual);
            }
        }
    }

    // ---------- optimality ----------

    [Fact]
    public void Solve_OnSmallRandomInstances_EqualsBruteForce_Lexicographically()
    {
        var rng = new Random(20210420);
        var checkedInstances = 0;
        for (var round = 0; round < 400; round++)
        {
            var n = 1 + rng.Next(6);
            var p = 1 + rng.Next(6);
            var m = 1 + rng.Next(4);
            var k = 1 + rng.Next(3);
            var (demands, products, productBank, capacity) = RandomInstance(rng, n, p, m, maxCapacity: 3);
            var candidates = PushCandidates.Build(demands, products, productBank, m);
            var plan = BatchPush.Solve(candidates, capacity, k);
            AssertFeasible(candidates, capacity, k, plan);
            var best = BruteForce(demands, products, productBank, capacity, k);
            Assert.Equal(best, (plan.Reached, plan.Pushes, plan.TotalFit));
            checkedInstances += candidates.Count > 0 ? 1 : 0;
        }

        Assert.True(checkedInstances > 300);
    }

    [Fact]
    public void Solve_OnLargeRandomInstances_ReachesTheMaxFlowValues_AndBeatsGreedy()
    {
        var rng = new Random(7);
        for (var round = 0; round < 4; round++)
        {
            var k = 1 + (round % 3);
            var (demands, products, productBank, capacity) = RandomInstance(rng, 3000, 120, 25, maxCapacity: 150);
            var candidates = PushCandidates.Build(demands, products, productBank, capacity.Length);
            var plan = BatchPush.Solve(candidates, capacity, k);
            AssertFeasible(candidates, capacity, k, plan);
            Assert.Equal(MaxFlow(candidates, capacity, 1), plan.Reached);
            Assert.Equal(MaxFlow(candidates, capacity, k), plan.Pushes);
            var greedy = BatchPush.Greedy(candidates, capacity, k);
            AssertFeasible(candidates, capacity, k, greedy);
            Assert.True(plan.Reached >= greedy.Reached);
        }
    }

    [Fact]
    public void Solve_PrefersReachingANewDemand_ToASecondBankForAnother()
    {
        // Bank A (capacity 1) fits D1 perfectly and D2 badly; bank B (capacity 1) fits only D1.
        // Greedy gives D1 both banks; the optimum gives D2 bank A and D1 bank B.
        var a = new CreditProduct("PA", "A", 0, 1000_00, 1, 60, [], [], false, false);
        var b = new CreditProduct("PB", "B", 400_00, 600_00, 1, 60, [], [], false, false);
        LoanDemand[] demands = [new("D1", 500_00, 30, "1311", "330106", false, false), new("D2", 999_00, 59, "1311", "330106", false, false)];
        var candidates = PushCandidates.Build(demands, [a, b], [0, 1], 2);
        var plan = BatchPush.Solve(candidates, [1, 1], 3);
        Assert.Equal((2, 2), (plan.Reached, plan.Pushes));
        Assert.Equal([1, 0], plan.Chosen.Select(c => candidates.Bank[c]));
        var greedy = BatchPush.Greedy(candidates, [1, 1], 3);
        Assert.Equal((1, 2), (greedy.Reached, greedy.Pushes));
    }

    private static void AssertFeasible(PushCandidates candidates, int[] capacity, int k, BatchPush.Plan plan)
    {
        var used = new int[capacity.Length];
        var perDemand = new Dictionary<int, HashSet<int>>();
        long fit = 0;
        foreach (var c in plan.Chosen)
        {
            var d = Array.FindLastIndex(candidates.Start, s => s <= c);
            while (candidates.Start[d] == candidates.Start[Math.Min(d + 1, candidates.DemandCount)] && d < candidates.DemandCount)
            {
                d++;
            }

            Assert.True(d < candidates.DemandCount && c >= candidates.Start[d] && c < candidates.Start[d + 1]);
            Assert.True(perDemand.TryAdd(d, []) || true);
            Assert.True(perDemand[d].Add(candidates.Bank[c]), "a demand went to the same bank twice");
            used[candidates.Bank[c]]++;
            fit += candidates.Fit[c];
        }

        Assert.All(perDemand.Values, banks => Assert.InRange(banks.Count, 1, k));
        Assert.All(Enumerable.Range(0, capacity.Length), b => Assert.True(used[b] <= capacity[b]));
        Assert.Equal(perDemand.Count, plan.Reached);
        Assert.Equal(plan.Chosen.Length, plan.Pushes);
        Assert.Equal(fit, plan.TotalFit);
    }

    /// <summary>
    /// Exhaustive search: every demand picks a set of compatible products of distinct banks (at most k),
    /// every bank within capacity; returns the lexicographically best (reached, pushes, fit). A dynamic
    /// programme over the demands with the remaining capacities as state, so it enumerates every plan
    /// without repeating work. Uses only the pair rules, not <see cref="PushCandidates"/>.
    /// </summary>
    private static (int, int, long) BruteForce(IReadOnlyList<LoanDemand> demands, IReadOnlyList<CreditProduct> products, int[] productBank, int[] capacity, int k)
    {
        var options = demands.Select(d =>
        {
            var compatible = Enumerable.Range(0, products.Count).Where(j => Compatibility.IsCompatible(products[j], d)).ToArray();
            var sets = new List<(int[] Banks, long Fit)>();
            for (var mask = 0; mask < 1 << compatible.Length; mask++)
            {
                var chosen = compatible.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
                var banks = chosen.Select(j => productBank[j]).ToArray();
                if (banks.Length <= k && banks.Distinct().Count() == banks.Length)
                {
                    sets.Add((banks, chosen.Sum(j => (long)FitScore.Of(products[j], d).Total)));
                }
            }

            return sets;
        }).ToArray();
        var memo = new Dictionary<string, (int, int, long)>();
        return Best(0, (int[])capacity.Clone());

        (int, int, long) Best(int i, int[] left)
        {
            if (i == demands.Count)
            {
                return (0, 0, 0);
            }

            var key = i + ":" + string.Join(',', left);
            if (memo.TryGetValue(key, out var known))
            {
                return known;
            }

            (int, int, long) best = (-1, -1, -1);
            foreach (var (banks, fit) in options[i])
            {
                if (banks.Any(b => left[b] == 0))
                {
                    continue;
                }

                foreach (var b in banks)
                {
                    left[b]--;
                }

                var (r, p, f) = Best(i + 1, left);
                foreach (var b in banks)
                {
                    left[b]++;
                }

                var candidate = (r + (banks.Length > 0 ? 1 : 0), p + banks.Length, f + fit);
                if (candidate.CompareTo(best) > 0)
                {
                    best = candidate;
                }
            }

            memo[key] = best;
            return best;
        }
    }

    /// <summary>An independent maximum flow (Dinic) of source → demand (cap perDemand) → bank (cap 1) → sink (cap capacity).</summary>
    private static int MaxFlow(PushCandidates candidates, int[] capacity, int perDemand)
    {
        var n = candidates.DemandCount;
        var m = capacity.Length;
        var nodes = n + m + 2;
        int source = n + m, sink = n + m + 1;
        var head = new List<int>();
        var cap = new List<int>();
        var next = new List<int>();
        var first = Enumerable.Repeat(-1, nodes).ToArray();
        void Arc(int u, int v, int c)
        {
            head.Add(v); cap.Add(c); next.Add(first[u]); first[u] = head.Count - 1;
            head.Add(u); cap.Add(0); next.Add(first[v]); first[v] = head.Count - 1;
        }

        for (var d = 0; d < n; d++)
        {
            Arc(source, d, perDemand);
            for (var c = candidates.Start[d]; c < candidates.Start[d + 1]; c++)
            {
                Arc(d, n + candidates.Bank[c], 1);
            }
        }

        for (var b = 0; b < m; b++)
        {
            Arc(n + b, sink, capacity[b]);
        }

        var level = new int[nodes];
        var it = new int[nodes];
        var total = 0;
        while (true)
        {
            Array.Fill(level, -1);
            level[source] = 0;
            var queue = new Queue<int>([source]);
            while (queue.Count > 0)
            {
                var u = queue.Dequeue();
                for (var e = first[u]; e >= 0; e = next[e])
                {
                    if (cap[e] > 0 && level[head[e]] < 0)
                    {
                        level[head[e]] = level[u] + 1;
                        queue.Enqueue(head[e]);
                    }
                }
            }

            if (level[sink] < 0)
            {
                return total;
            }

            Array.Copy(first, it, nodes);
            int f;
            while ((f = Push(source, int.MaxValue)) > 0)
            {
                total += f;
            }
        }

        int Push(int u, int limit)
        {
            if (u == sink)
            {
                return limit;
            }

            for (; it[u] >= 0; it[u] = next[it[u]])
            {
                var e = it[u];
                var v = head[e];
                if (cap[e] > 0 && level[v] == level[u] + 1)
                {
                    var f = Push(v, Math.Min(limit, cap[e]));
                    if (f > 0)
                    {
                        cap[e] -= f;
                        cap[e ^ 1] += f;
                        return f;
                    }
                }
            }

            return 0;
        }
    }

    private static (List<LoanDemand>, List<CreditProduct>, int[], int[]) RandomInstance(Random rng, int n, int p, int m, int maxCapacity = 5)
    {
        string[] industries = ["1311", "1399", "3911", "5211", "6513"];
        string[] regions = ["330106", "330108", "330205", "310101"];
        var products = new List<CreditProduct>();
        var productBank = new int[p];
        for (var j = 0; j < p; j++)
        {
            var lo = rng.Next(0, 60) * 1000_00L;
            var hi = lo + (rng.Next(0, 60) * 1000_00L);
            var tlo = rng.Next(1, 30);
            var thi = tlo + rng.Next(0, 30);
            productBank[j] = rng.Next(m);
            products.Add(new CreditProduct(
                $"P{j}", $"B{productBank[j]}", lo, hi, tlo, thi,
                rng.Next(3) == 0 ? [] : [industries[rng.Next(industries.Length)][..(1 + rng.Next(4))]],
                rng.Next(3) == 0 ? [] : [regions[rng.Next(regions.Length)][..(2 + rng.Next(5))]],
                rng.Next(4) == 0, rng.Next(3) != 0));
        }

        var demands = Enumerable.Range(0, n).Select(i => new LoanDemand(
            $"D{i}", rng.Next(0, 100) * 1000_00L, rng.Next(1, 50), industries[rng.Next(industries.Length)], regions[rng.Next(regions.Length)],
            rng.Next(2) == 0, rng.Next(4) == 0)).ToList();
        var capacity = Enumerable.Range(0, m).Select(_ => rng.Next(0, maxCapacity + 1)).ToArray();
        return (demands, products, productBank, capacity);
    }
