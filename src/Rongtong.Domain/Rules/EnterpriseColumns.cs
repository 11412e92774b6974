namespace Rongtong.Domain.Rules;

/// <summary>
/// A registry held column by column for the batch determination: one array per fact, tax already
/// summed over the quota window. Rows marked invalid are skipped by the kernel.
/// </summary>
public sealed class EnterpriseColumns
{
    public EnterpriseColumns(int capacity)
    {
        Tag = new byte[capacity];
        IndustryClass = new short[capacity];
        RegisteredRegion = new int[capacity];
        TaxRegion = new int[capacity];
        OperatingRegion = new int[capacity];
        Flags = new byte[capacity];
        Rating = new byte[capacity];
        TaxSumFen = new long[capacity];
        TaxMissing = new bool[capacity];
        Invalid = new bool[capacity];
    }

    public int Count { get; set; }

    public byte[] Tag { get; }

    public short[] IndustryClass { get; }

    public int[] RegisteredRegion { get; }

    public int[] TaxRegion { get; }

    public int[] OperatingRegion { get; }

    /// <summary>Bits as <see cref="EnterpriseFacts.Flags"/>.</summary>
    public byte[] Flags { get; }

    public byte[] Rating { get; }

    public long[] TaxSumFen { get; }

    public bool[] TaxMissing { get; }

    public bool[] Invalid { get; }
}

/// <summary>The kernel of the batch determination over <see cref="EnterpriseColumns"/>.</summary>
public static class KeyEnterpriseBatch
{
    /// <summary>
    /// Evaluates rows <paramref name="from"/>..<paramref name="to"/> (exclusive) into
    /// <paramref name="packed"/> (see <see cref="KeyEnterpriseRule.Core"/>) and <paramref name="quotaFen"/>
    /// (−1 when not key). Invalid rows get 0 and −1. No version in force: every row POLICY_NOT_IN_FORCE.
    /// </summary>
    public static void Evaluate(EnterpriseColumns c, KeyEnterpriseParameters? p, uint[] packed, long[] quotaFen, int from, int to)
    {
        if (p is null)
        {
            Array.Fill(packed, (uint)Reasons.PolicyNotInForce, from, to - from);
            Array.Fill(quotaFen, -1L, from, to - from);
            return;
        }

        var tagAllowed = p.TagAllowed;
        var sector = p.SectorByClass;
        var city = p.CityPrefix;
        var mask = p.ExceedableRatingMask;
        var tag = c.Tag;
        var cls = c.IndustryClass;
        var reg = c.RegisteredRegion;
        var tax = c.TaxRegion;
        var ops = c.OperatingRegion;
        var flags = c.Flags;
        var rating = c.Rating;
        var sums = c.TaxSumFen;
        var missing = c.TaxMissing;
        var invalid = c.Invalid;
        for (var i = from; i < to; i++)
        {
            if (invalid[i])
            {
                packed[i] = 0;
                quotaFen[i] = -1;
                continue;
            }

            var r = KeyEnterpriseRule.Core(tag[i], cls[i], reg[i], tax[i], ops[i], flags[i], rating[i], missing[i], tagAllowed, sector, city, mask);
            packed[i] = r;
            quotaFen[i] = (r & (1u << 12)) != 0 ? sums[i] : -1;
        }
    }

    /// <summary>Evaluates all rows, split across the machine's cores.</summary>
    public static void EvaluateParallel(EnterpriseColumns c, KeyEnterpriseParameters? p, uint[] packed, long[] quotaFen)
    {
        var chunks = Math.Max(1, Environment.ProcessorCount);
        var size = (c.Count + chunks - 1) / chunks;
        Parallel.For(0, chunks, k =>
        {
            var from = k * size;
            var to = Math.Min(c.Count, from + size);
            if (from < to)
            {
                Evaluate(c, p, packed, quotaFen, from, to);
            }
        });
    }
}
