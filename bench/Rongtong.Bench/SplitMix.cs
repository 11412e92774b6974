namespace Rongtong.Bench;

/// <summary>
/// A small seeded generator (xoshiro256**, seeded by SplitMix64) so the synthetic registry is
/// byte-identical for a seed on every runtime; <see cref="Random"/>'s algorithm is not a contract.
/// </summary>
internal sealed class SplitMix
{
    private ulong _s0, _s1, _s2, _s3;

    public SplitMix(ulong seed)
    {
        var x = seed;
        _s0 = Next(ref x);
        _s1 = Next(ref x);
        _s2 = Next(ref x);
        _s3 = Next(ref x);

        static ulong Next(ref ulong x)
        {
            var z = x += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, n).</summary>
    public int Next(int n) => (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal (Box–Muller, one value per call).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Index into cumulative weights (ascending, last = total).</summary>
    public int Pick(ReadOnlySpan<double> cumulative)
    {
        var x = NextDouble() * cumulative[^1];
        for (var i = 0; i < cumulative.Length; i++)
        {
            if (x < cumulative[i])
            {
                return i;
            }
        }

        return cumulative.Length - 1;
    }
}
