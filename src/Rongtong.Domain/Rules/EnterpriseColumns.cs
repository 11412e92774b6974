using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    /// <remarks>
    /// The same rule as <see cref="KeyEnterpriseRule.Core"/>, computed without data-dependent branches
    /// (the mix of key and non-key rows is random, so branches mispredict) and without bounds checks:
    /// the range is checked once against every column, and the lookup tables are padded to the whole
    /// range of their index type.
    /// </remarks>
    public static void Evaluate(EnterpriseColumns c, KeyEnterpriseParameters? p, uint[] packed, long[] quotaFen, int from, int to)
    {
        if (p is null)
        {
            Array.Fill(packed, (uint)Reasons.PolicyNotInForce, from, to - from);
            Array.Fill(quotaFen, -1L, from, to - from);
            return;
        }

        var n = to - from;
        var tag = c.Tag.AsSpan(from, n);
        var cls = c.IndustryClass.AsSpan(from, n);
        var reg = c.RegisteredRegion.AsSpan(from, n);
        var tax = c.TaxRegion.AsSpan(from, n);
        var ops = c.OperatingRegion.AsSpan(from, n);
        var flags = c.Flags.AsSpan(from, n);
        var rating = c.Rating.AsSpan(from, n);
        var sums = c.TaxSumFen.AsSpan(from, n);
        var missing = MemoryMarshal.Cast<bool, byte>(c.TaxMissing.AsSpan(from, n));
        var invalid = MemoryMarshal.Cast<bool, byte>(c.Invalid.AsSpan(from, n));
        var outPacked = packed.AsSpan(from, n);
        var outQuota = quotaFen.AsSpan(from, n);
        Kernel(
            ref MemoryMarshal.GetReference(tag), ref MemoryMarshal.GetReference(cls), ref MemoryMarshal.GetReference(reg),
            ref MemoryMarshal.GetReference(tax), ref MemoryMarshal.GetReference(ops), ref MemoryMarshal.GetReference(flags),
            ref MemoryMarshal.GetReference(rating), ref MemoryMarshal.GetReference(sums), ref MemoryMarshal.GetReference(missing),
            ref MemoryMarshal.GetReference(invalid), ref MemoryMarshal.GetReference(outPacked), ref MemoryMarshal.GetReference(outQuota),
            n, p);
    }

    private static void Kernel(
        ref byte tag, ref short cls, ref int reg, ref int tax, ref int ops, ref byte flags, ref byte rating, ref long sums,
        ref byte missing, ref byte invalid, ref uint packed, ref long quota, int n, KeyEnterpriseParameters p)
    {
        ref var tagAllowed = ref MemoryMarshal.GetArrayDataReference(p.TagAllowedByByte);
        ref var sector = ref MemoryMarshal.GetArrayDataReference(p.SectorByUShortClass);
        var city = p.CityPrefix;
        var mask = (uint)p.ExceedableRatingMask;
        for (nint i = 0; i < n; i++)
        {
            uint allowed = Unsafe.Add(ref tagAllowed, Unsafe.Add(ref tag, i));
            uint bySector = Unsafe.Add(ref sector, (ushort)Unsafe.Add(ref cls, i));
            var basis = allowed | (bySector & (allowed - 1)); // KEY_INDUSTRY (1) when the tag counts, else the class's sector
            var f = (uint)Unsafe.Add(ref flags, i);

            var notInSector = (uint)(basis == 0 ? 1 : 0);
            var regOut = (uint)(Unsafe.Add(ref reg, i) / 100 != city ? 1 : 0);
            var taxOut = (uint)(Unsafe.Add(ref tax, i) / 100 != city ? 1 : 0);
            var opsOut = (uint)(Unsafe.Add(ref ops, i) / 100 != city ? 1 : 0);
            var outsourcedCounted = (uint)((f & 3) == 3 ? 1 : 0);
            var reasons = (notInSector << 1) | (regOut << 2) | (taxOut << 3)
                | ((opsOut & (outsourcedCounted ^ 1)) << 4) | ((opsOut & outsourcedCounted) << 5);

            var key = (uint)((reasons & 0b1_1110) == 0 ? 1 : 0);
            reasons |= (key & Unsafe.Add(ref missing, i)) << 6;
            var innovative = (uint)((f & 12) != 0 ? 1 : 0);
            var exceedable = key & innovative & (mask >> Unsafe.Add(ref rating, i));
            var valid = (uint)Unsafe.Add(ref invalid, i) ^ 1;
            var result = reasons | (basis << 8) | (key << 12) | ((exceedable & 1) << 13);
            Unsafe.Add(ref packed, i) = result & (0u - valid);
            Unsafe.Add(ref quota, i) = Unsafe.Add(ref sums, i) | ((long)(key & valid) - 1);
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
