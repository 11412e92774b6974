namespace Rongtong.Domain.Matching;

/// <summary>
/// For each demand, the banks it may be pushed to and, per bank, the product that fits it best (POLICY.md
/// P8: a demand goes to up to k <em>distinct</em> banks, so several products of one bank count once and the
/// best-fitting one stands for the bank; ties go to the product listed first). Held as compressed rows:
/// the candidates of demand <c>d</c> are <c>[Start[d], Start[d + 1])</c>, in increasing bank order.
/// This is the batch form of <see cref="Compatibility"/> and <see cref="FitScore"/>; it gives exactly
/// their answers (tested pair by pair) and is what the optimiser reads.
/// </summary>
public sealed class PushCandidates
{
    private const long MaxPrefixTable = 1L << 26;

    private PushCandidates(int demandCount, int bankCount, int[] start, int[] bank, int[] product, int[] fit)
    {
        DemandCount = demandCount;
        BankCount = bankCount;
        Start = start;
        Bank = bank;
        Product = product;
        Fit = fit;
    }

    public int DemandCount { get; }

    public int BankCount { get; }

    /// <summary>Row starts, length <see cref="DemandCount"/> + 1.</summary>
    public int[] Start { get; }

    /// <summary>The candidate's bank index (into the bank list given to <see cref="Build"/>).</summary>
    public int[] Bank { get; }

    /// <summary>The candidate's product index: the best-fitting compatible product of that bank.</summary>
    public int[] Product { get; }

    /// <summary>The candidate's <see cref="FitScore.Total"/>, basis points.</summary>
    public int[] Fit { get; }

    public int Count => Start[DemandCount];

    /// <summary>The demand of each candidate (index into the demands given to <see cref="Build"/>), length <see cref="Count"/>.</summary>
    public int[] Owners()
    {
        var owner = new int[Count];
        for (var d = 0; d < DemandCount; d++)
        {
            owner.AsSpan(Start[d], Start[d + 1] - Start[d]).Fill(d);
        }

        return owner;
    }

    /// <summary>
    /// The same candidates less the (demand, bank) pairs <paramref name="excluded"/> names — a re-push goes to
    /// the next-fitting bank, never back to one the demand already went to.
    /// </summary>
    public PushCandidates Without(Func<int, int, bool> excluded)
    {
        ArgumentNullException.ThrowIfNull(excluded);
        var start = new int[DemandCount + 1];
        var bank = new List<int>(Count);
        var product = new List<int>(Count);
        var fit = new List<int>(Count);
        for (var d = 0; d < DemandCount; d++)
        {
            start[d] = bank.Count;
            for (var c = Start[d]; c < Start[d + 1]; c++)
            {
                if (!excluded(d, Bank[c]))
                {
                    bank.Add(Bank[c]);
                    product.Add(Product[c]);
                    fit.Add(Fit[c]);
                }
            }
        }

        start[DemandCount] = bank.Count;
        return new PushCandidates(DemandCount, BankCount, start, [.. bank], [.. product], [.. fit]);
    }

    /// <summary>
    /// Builds the candidates. <paramref name="productBank"/> gives each product's bank index in
    /// [0, <paramref name="bankCount"/>). Runs on all cores; the result does not depend on their number.
    /// </summary>
    public static PushCandidates Build(IReadOnlyList<LoanDemand> demands, IReadOnlyList<CreditProduct> products, IReadOnlyList<int> productBank, int bankCount)
    {
        ArgumentNullException.ThrowIfNull(demands);
        ArgumentNullException.ThrowIfNull(products);
        ArgumentNullException.ThrowIfNull(productBank);
        var n = demands.Count;
        var p = products.Count;
        var minA = new long[p];
        var maxA = new long[p];
        var minT = new int[p];
        var maxT = new int[p];
        var keyOnly = new bool[p];
        var unsecuredOk = new bool[p];
        var bankOf = new int[p];
        for (var j = 0; j < p; j++)
        {
            var q = products[j];
            (minA[j], maxA[j], minT[j], maxT[j], keyOnly[j], unsecuredOk[j]) = (q.MinAmountFen, q.MaxAmountFen, q.MinTermMonths, q.MaxTermMonths, q.KeyOnly, q.UnsecuredOk);
            bankOf[j] = productBank[j];
            if ((uint)bankOf[j] >= (uint)bankCount)
            {
                throw new ArgumentOutOfRangeException(nameof(productBank), $"product {q.Id}: bank index {bankOf[j]} is outside [0, {bankCount})");
            }
        }

        // Prefix matches depend only on the code, so they are computed once per distinct code and product.
        var industry = new PrefixTable(demands, products, static d => d.IndustryCode, static q => q.IndustryPrefixes);
        var region = new PrefixTable(demands, products, static d => d.Region, static q => q.Regions);

        // Demands whose amount lies between the same two product range ends, with the same term, key status
        // and security, pass the same products' amount, term, key-only and unsecured tests: those products
        // are listed once per such group, and each demand then checks only them.
        var ends = new SortedSet<long>();
        for (var j = 0; j < p; j++)
        {
            ends.Add(minA[j]);
            ends.Add(maxA[j] == long.MaxValue ? long.MaxValue : maxA[j] + 1);
        }

        var endArray = ends.ToArray();
        var groupOf = new int[n];
        var groupIndex = new Dictionary<(int Slot, int Term, bool Key, bool Unsecured), int>();
        var representative = new List<int>();
        for (var i = 0; i < n; i++)
        {
            var d = demands[i];
            var slot = Array.BinarySearch(endArray, d.AmountFen);
            slot = slot >= 0 ? slot + 1 : ~slot;
            var key = (slot, d.TermMonths, d.KeyEnterprise, d.Unsecured);
            if (!groupIndex.TryGetValue(key, out var g))
            {
                g = representative.Count;
                groupIndex.Add(key, g);
                representative.Add(i);
            }

            groupOf[i] = g;
        }

        var groupProducts = new int[representative.Count][];
        Parallel.For(0, representative.Count, g =>
        {
            var d = demands[representative[g]];
            var list = new List<int>();
            for (var j = 0; j < p; j++)
            {
                if (d.AmountFen >= minA[j] && d.AmountFen <= maxA[j] && d.TermMonths >= minT[j] && d.TermMonths <= maxT[j] && (!keyOnly[j] || d.KeyEnterprise) && (!d.Unsecured || unsecuredOk[j]))
                {
                    list.Add(j);
                }
            }

            groupProducts[g] = [.. list];
        });

        const int Chunk = 2048;
        var chunks = (n + Chunk - 1) / Chunk;
        var parts = new (int[] Counts, List<int> Bank, List<int> Product, List<int> Fit)[chunks];
        Parallel.For(0, chunks, () => (Best: NewFilled(bankCount), BestProduct: new int[bankCount], Touched: new List<int>()), (c, _, scratch) =>
        {
            var from = c * Chunk;
            var to = Math.Min(n, from + Chunk);
            var counts = new int[to - from];
            var outBank = new List<int>();
            var outProduct = new List<int>();
            var outFit = new List<int>();
            var (best, bestProduct, touched) = scratch;
            for (var i = from; i < to; i++)
            {
                var d = demands[i];
                var amount = d.AmountFen;
                var term = d.TermMonths;
                var key = d.KeyEnterprise;
                var unsecured = d.Unsecured;
                var codeLength = d.IndustryCode.Length;
                var regionLength = d.Region.Length;
                var ind = industry.Row(i);
                var reg = region.Row(i);
                foreach (var j in groupProducts[groupOf[i]])
                {
                    var il = ind.Get(j);
                    var rl = reg.Get(j);
                    if (il < 0 || rl < 0)
                    {
                        continue;
                    }

                    var fit = new FitScore(
                        FitScore.Centrality(amount, minA[j], maxA[j]),
                        FitScore.Centrality(term, minT[j], maxT[j]),
                        FitScore.Specificity(il, codeLength),
                        FitScore.Specificity(rl, regionLength),
                        FitScore.TargetingScore(keyOnly[j], unsecuredOk[j], key, unsecured)).Total;
                    var b = bankOf[j];
                    if (best[b] < 0)
                    {
                        touched.Add(b);
                    }

                    if (fit > best[b])
                    {
                        best[b] = fit;
                        bestProduct[b] = j;
                    }
                }

                touched.Sort();
                counts[i - from] = touched.Count;
                foreach (var b in touched)
                {
                    outBank.Add(b);
                    outProduct.Add(bestProduct[b]);
                    outFit.Add(best[b]);
                    best[b] = -1;
                }

                touched.Clear();
            }

            parts[c] = (counts, outBank, outProduct, outFit);
            return scratch;
        }, static _ => { });

        var start = new int[n + 1];
        long total = 0;
        for (var c = 0; c < chunks; c++)
        {
            var counts = parts[c].Counts;
            for (var i = 0; i < counts.Length; i++)
            {
                start[(c * Chunk) + i] = (int)total;
                total += counts[i];
            }
        }

        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException($"{total} demand–bank candidates are more than one batch can hold");
        }

        start[n] = (int)total;
        var bank = new int[total];
        var product = new int[total];
        var fitOut = new int[total];
        Parallel.For(0, chunks, c =>
        {
            var at = start[c * Chunk];
            parts[c].Bank.CopyTo(bank, at);
            parts[c].Product.CopyTo(product, at);
            parts[c].Fit.CopyTo(fitOut, at);
        });
        return new PushCandidates(n, bankCount, start, bank, product, fitOut);
    }

    private static int[] NewFilled(int length)
    {
        var a = new int[length];
        Array.Fill(a, -1);
        return a;
    }

    /// <summary>
    /// <see cref="Compatibility.LongestPrefix"/> for every (demand code, product), tabulated per distinct
    /// code; when there are too many distinct codes for a table, computed on demand instead.
    /// </summary>
    private sealed class PrefixTable
    {
        private readonly IReadOnlyList<CreditProduct> _products;
        private readonly Func<CreditProduct, IReadOnlyList<string>> _prefixes;
        private readonly int[] _codeOf;
        private readonly string[] _codes;
        private readonly short[]? _table;

        public PrefixTable(IReadOnlyList<LoanDemand> demands, IReadOnlyList<CreditProduct> products, Func<LoanDemand, string> code, Func<CreditProduct, IReadOnlyList<string>> prefixes)
        {
            _products = products;
            _prefixes = prefixes;
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var codes = new List<string>();
            _codeOf = new int[demands.Count];
            for (var i = 0; i < demands.Count; i++)
            {
                var c = code(demands[i]);
                if (!index.TryGetValue(c, out var k))
                {
                    k = codes.Count;
                    index.Add(c, k);
                    codes.Add(c);
                }

                _codeOf[i] = k;
            }

            _codes = [.. codes];
            var p = products.Count;
            if ((long)_codes.Length * p <= MaxPrefixTable)
            {
                var table = new short[_codes.Length * p];
                Parallel.For(0, _codes.Length, k =>
                {
                    for (var j = 0; j < p; j++)
                    {
                        table[(k * p) + j] = (short)Math.Clamp(Compatibility.LongestPrefix(prefixes(products[j]), _codes[k]), -1, short.MaxValue);
                    }
                });
                _table = table;
            }
        }

        public RowView Row(int demand) => new(this, _codeOf[demand]);

        public readonly struct RowView(PrefixTable owner, int code)
        {
            public int Get(int product) =>
                owner._table is { } t
                    ? t[(code * owner._products.Count) + product]
                    : Compatibility.LongestPrefix(owner._prefixes(owner._products[product]), owner._codes[code]);
        }
    }
}
