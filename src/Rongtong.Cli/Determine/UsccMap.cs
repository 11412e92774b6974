using System.Numerics;
using System.Runtime.CompilerServices;

namespace Rongtong.Cli.Determine;

/// <summary>
/// Open-addressing hash map from a packed USCC (<see cref="Rongtong.Domain.Registry.Uscc.Pack(ReadOnlySpan{char})"/>,
/// 90 bits) to a dense int. About 24 bytes a key, no per-entry objects: a million enterprises fit in ~50 MB.
/// </summary>
internal sealed class UsccMap
{
    private const int Occupied = 1 << 30; // marker bit in the high word; packed codes use 90 bits
    private ulong[] _lo;
    private ulong[] _hi;
    private int[] _values;
    private int _mask;

    public UsccMap(int expected)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, expected * 2));
        _lo = new ulong[capacity];
        _hi = new ulong[capacity];
        _values = new int[capacity];
        _mask = capacity - 1;
    }

    public int Count { get; private set; }

    /// <summary>Returns the existing value for <paramref name="key"/>, or adds <paramref name="value"/> and returns it.</summary>
    public int GetOrAdd(UInt128 key, int value, out bool added)
    {
        if ((Count + 1) * 2 > _lo.Length)
        {
            Grow();
        }

        var lo = (ulong)key;
        var hi = (ulong)(key >> 64) | ((ulong)Occupied << 32);
        var slot = Slot(lo, hi);
        while (true)
        {
            if (_hi[slot] == 0)
            {
                _lo[slot] = lo;
                _hi[slot] = hi;
                _values[slot] = value;
                Count++;
                added = true;
                return value;
            }

            if (_lo[slot] == lo && _hi[slot] == hi)
            {
                added = false;
                return _values[slot];
            }

            slot = (slot + 1) & _mask;
        }
    }

    public bool TryGet(UInt128 key, out int value)
    {
        var lo = (ulong)key;
        var hi = (ulong)(key >> 64) | ((ulong)Occupied << 32);
        var slot = Slot(lo, hi);
        while (_hi[slot] != 0)
        {
            if (_lo[slot] == lo && _hi[slot] == hi)
            {
                value = _values[slot];
                return true;
            }

            slot = (slot + 1) & _mask;
        }

        value = -1;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong lo, ulong hi)
    {
        var h = (lo * 0x9E3779B97F4A7C15UL) ^ (hi * 0xC2B2AE3D27D4EB4FUL);
        return (int)(h >> 32) & _mask;
    }

    private void Grow()
    {
        var oldLo = _lo;
        var oldHi = _hi;
        var oldValues = _values;
        _lo = new ulong[oldLo.Length * 2];
        _hi = new ulong[oldLo.Length * 2];
        _values = new int[oldLo.Length * 2];
        _mask = _lo.Length - 1;
        for (var i = 0; i < oldLo.Length; i++)
        {
            if (oldHi[i] == 0)
            {
                continue;
            }

            var slot = Slot(oldLo[i], oldHi[i]);
            while (_hi[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _lo[slot] = oldLo[i];
            _hi[slot] = oldHi[i];
            _values[slot] = oldValues[i];
        }
    }
}
