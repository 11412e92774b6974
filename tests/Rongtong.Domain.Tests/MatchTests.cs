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
    [InlineData(false, false, false, false, Incompatibility.None)]
    [InlineData(false, false, true, false, Incompatibility.None)]
    [InlineData(true, false, true, false, Incompatibility.None)]
    [InlineData(true, false, false, false, Incompatibility.KeyEnterprisesOnly)]
    [InlineData(false, true, false, true, Incompatibility.None)]
    [InlineData(false, true, false, false, Incompatibility.None)]
    [InlineData(false, false, false, true, Incompatibility.SecurityRequired)]
    [InlineData(true, false, false, true, Incompatibility.KeyEnterprisesOnly | Incompatibility.SecurityRequired)]
    public void Compatibility_KeyOnlyAndUnsecured(bool keyOnly, bool unsecuredOk, bool key, bool unsecured, Incompatibility expected)
    {
        var product = new CreditProduct("P3", "B1", 0, 1_000_000_00, 1, 60, [], [], keyOnly, unsecuredOk);
        Assert.Equal(expected, Compatibility.Check(product, Demand(key: key, unsecured: unsecured)));
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

            // Each candidate's owner is the demand whose row holds it.
            var owners = candidates.Owners();
            Assert.Equal(candidates.Count, owners.Length);
            Assert.All(Enumerable.Range(0, candidates.Count), c => Assert.InRange(c, candidates.Start[owners[c]], candidates.Start[owners[c] + 1] - 1));
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

        Assert.True(checkedInstances > 150, $"only {checkedInstances} instances had a compatible pair");
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
    private static (int, int, long) BruteForce(List<LoanDemand> demands, List<CreditProduct> products, int[] productBank, int[] capacity, int k)
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
            var lo = rng.Next(0, 40) * 1000_00L;
            var hi = lo + (rng.Next(10, 80) * 1000_00L);
            var tlo = rng.Next(1, 20);
            var thi = tlo + rng.Next(5, 40);
            productBank[j] = rng.Next(m);
            products.Add(new CreditProduct(
                $"P{j}", $"B{productBank[j]}", lo, hi, tlo, thi,
                rng.Next(2) == 0 ? [] : [industries[rng.Next(industries.Length)][..(1 + rng.Next(4))], industries[rng.Next(industries.Length)][..1]],
                rng.Next(2) == 0 ? [] : [regions[rng.Next(regions.Length)][..(2 + rng.Next(5))], "33"],
                rng.Next(4) == 0, rng.Next(3) != 0));
        }

        var demands = Enumerable.Range(0, n).Select(i => new LoanDemand(
            $"D{i}", rng.Next(0, 100) * 1000_00L, rng.Next(1, 50), industries[rng.Next(industries.Length)], regions[rng.Next(regions.Length)],
            rng.Next(2) == 0, rng.Next(4) == 0)).ToList();
        var capacity = Enumerable.Range(0, m).Select(_ => rng.Next(0, maxCapacity + 1)).ToArray();
        return (demands, products, productBank, capacity);
    }

    // ---------- the rongtong match contract ----------

    private const string DemandHeader = "demand_id,uscc,amount,term_months,industry_code,region,key_enterprise,unsecured";
    private const string ProductHeader = "product_id,bank_id,min_amount,max_amount,min_term_months,max_term_months,industry_prefixes,regions,key_only,unsecured_ok";

    private string Write(string name, string text, bool bom = false)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    private async Task<(int Code, string[] Rows, string Err)> Match(string demands, string products, string banks, bool bom = false, params string[] extra)
    {
        var output = Path.Combine(_dir, "out.csv");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = ["match", "--demands", Write("demands.csv", demands, bom), "--products", Write("products.csv", products, bom), "--banks", Write("banks.csv", banks, bom), "--output", output, .. extra];
        var code = await Cli.Cli.MainAsync(args, stdout, stderr, TimeProvider.System);
        Assert.Equal("", stdout.ToString());
        return (code, File.Exists(output) ? File.ReadAllText(output).Split('\n', StringSplitOptions.RemoveEmptyEntries) : [], stderr.ToString());
    }

    private const string Products =
        ProductHeader + "\n" +
        "P-A1,A,0.00,1000.00,1,60,,,false,false\n" +
        "P-A2,A,0.00,1000.00,1,60,13,3301,false,false\n" +
        "P-B,B,400.00,600.00,1,60,,,false,false\n";

    [Fact]
    public async Task Match_WritesOnePushPerRow_SortedByDemandThenFit_WithTheBestProductOfEachBank()
    {
        var (code, rows, err) = await Match(
            $"{DemandHeader}\nD9,u,500.00,30,1311,330106,false,false\nD10,u,999.00,59,1311,330106,false,false\n",
            Products, "bank_id,capacity\nA,1\nB,1\n");
        Assert.Equal(0, code);
        // D9 fits A better (0.8624) than B (0.6957), but only A takes D10: the optimum sends D9 to B, while
        // first-come gives D9 both banks. Rows are in demand_id order (ordinal: D10 before D9).
        Assert.Equal(["demand_id,product_id,bank_id,fit", "D10,P-A2,A,0.2758", "D9,P-B,B,0.6957"], rows);
        Assert.Contains("2 demands reached (100.0 %), 2 pushes", err, StringComparison.Ordinal);
        Assert.Contains("first-come would reach 1 (50.0 %) with 2 pushes", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Match_AllowsUpToKDistinctBanks()
    {
        var demands = $"{DemandHeader}\nD1,u,500.00,30,1311,330106,false,false\n";
        var (_, three, _) = await Match(demands, Products, "bank_id,capacity\nA,5\nB,5\n");
        Assert.Equal(["demand_id,product_id,bank_id,fit", "D1,P-A2,A,0.8624", "D1,P-B,B,0.6957"], three);
        var (code, one, _) = await Match(demands, Products, "bank_id,capacity\nA,5\nB,5\n", false, "--k", "1");
        Assert.Equal(0, code);
        Assert.Equal(["demand_id,product_id,bank_id,fit", "D1,P-A2,A,0.8624"], one);
    }

    [Fact]
    public async Task Match_ReadsBomQuotedFieldsAndColumnsInAnyOrder()
    {
        var (code, rows, _) = await Match(
            "unsecured,key_enterprise,region,industry_code,term_months,amount,uscc,demand_id,extra\nfalse,false,330106,1311,30,500.00,u,\"D,1\",x\n",
            "bank_id,product_id,min_amount,max_amount,min_term_months,max_term_months,industry_prefixes,regions,key_only,unsecured_ok\n\"B \"\"x\"\"\",P1,0.00,1000.00,1,60,\"13;39\",,false,false\n",
            "capacity,bank_id\n1,\"B \"\"x\"\"\"\n", bom: true);
        Assert.Equal(0, code);
        Assert.Equal("\"D,1\",P1,\"B \"\"x\"\"\",0.7957", rows[1]);
    }

    [Fact]
    public async Task Match_BadRows_AreNamedWithLineAndColumn_AndSkipped()
    {
        var (code, rows, err) = await Match(
            $"{DemandHeader}\nD1,u,12.345,30,1311,330106,false,false\nD2,u,500.00,30,1311,330106,maybe,false\nD3,u,500.00\nD4,u,500.00,30,1311,330106,false,false\nD4,u,500.00,30,1311,330106,false,false\n",
            Products + "P-C,NOBANK,0.00,1.00,1,2,,,false,false\nP-D,A,9.00,1.00,1,2,,,false,false\n",
            "bank_id,capacity\nA,1\nB,-1\n");
        Assert.Equal(0, code);
        Assert.Contains("demands.csv:2:3: amount:", err, StringComparison.Ordinal);
        Assert.Contains("demands.csv:3:7: key_enterprise: 'maybe' is not true or false", err, StringComparison.Ordinal);
        Assert.Contains("demands.csv:4: row has 3 fields, the header has 8", err, StringComparison.Ordinal);
        Assert.Contains("demands.csv:6:1: demand_id: a second row for demand 'D4'", err, StringComparison.Ordinal);
        Assert.Contains("products.csv:5:2: bank_id: no bank 'NOBANK' in banks.csv", err, StringComparison.Ordinal);
        Assert.Contains("products.csv:6:4: max_amount:", err, StringComparison.Ordinal);
        Assert.Contains("banks.csv:3:2: capacity: '-1' is not a whole number ≥ 0", err, StringComparison.Ordinal);
        Assert.Contains("(8 bad rows skipped)", err, StringComparison.Ordinal);
        Assert.Equal(["demand_id,product_id,bank_id,fit", "D4,P-A2,A,0.8624"], rows);
    }

    [Fact]
    public async Task Match_MissingColumn_ExitsTwo_NamingFileAndColumn()
    {
        var (code, _, err) = await Match("demand_id,uscc,amount,term_months,industry_code,region,key_enterprise\n", Products, "bank_id,capacity\nA,1\n");
        Assert.Equal(2, code);
        Assert.Contains("demands.csv:1: required column 'unsecured' is missing", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Match_EmptyOrMissingFile_ExitsTwo()
    {
        var (code, _, err) = await Match($"{DemandHeader}\n", Products, "");
        Assert.Equal(2, code);
        Assert.Contains("banks.csv:1: the file is empty", err, StringComparison.Ordinal);

        var stderr = new StringWriter();
        var missing = await Cli.Cli.MainAsync(["match", "--demands", Path.Combine(_dir, "nope.csv"), "--products", "x", "--banks", "y", "--output", Path.Combine(_dir, "o.csv")], new StringWriter(), stderr, TimeProvider.System);
        Assert.Equal(2, missing);
        Assert.Contains("cannot be read", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Match_BadK_OrMissingOption_ExitsTwo()
    {
        var (code, _, err) = await Match($"{DemandHeader}\n", Products, "bank_id,capacity\nA,1\n", false, "--k", "0");
        Assert.Equal(2, code);
        Assert.Contains("--k", err, StringComparison.Ordinal);
        var missing = await Cli.Cli.MainAsync(["match", "--demands", "d.csv"], new StringWriter(), new StringWriter(), TimeProvider.System);
        Assert.Equal(2, missing);
    }

    [Fact]
    public async Task Match_WithNoDemands_WritesTheHeaderOnly()
    {
        var (code, rows, err) = await Match($"{DemandHeader}\n", Products, "bank_id,capacity\nA,1\n");
        Assert.Equal(0, code);
        Assert.Equal(["demand_id,product_id,bank_id,fit"], rows);
        Assert.Contains("0 demands", err, StringComparison.Ordinal);
    }
}
