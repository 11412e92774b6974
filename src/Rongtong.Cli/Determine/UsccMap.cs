using System.Numerics;
using System.Runtime.CompilerServices;

namespace Rongtong.Cli.Determine;

/// <summary>
/// Open-addressing hash map from a packed USCC (<see cref="Rongtong.Domain.Registry.Uscc.Pack(ReadOnlySpan{char})"/>,
/// 90 bits) to a dense int. 16 bytes a slot, two slots a key, no per-entry objects: a million enterprises fit in ~50 MB.
/// </summary>
internal sealed class UsccMap
{
    private const uint Occupied = 1u << 31; // marker bit in the high word; packed codes use 90 bits (26 in the high word)
    private Entry[] _entries;
    private int _mask;

    public UsccMap(int expected)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, expected * 2));
        _entries = new Entry[capacity];
        _mask = capacity - 1;
    }

    public int Count { get; private set; }

    /// <summary>Returns the existing value for <paramref name="key"/>, or adds <paramref name="value"/> and returns it.</summary>
    public int GetOrAdd(UInt128 key, int value, out bool added)
    {
        if ((Count + 1) * 2 > _entries.Length)
        {
            Grow();
        }

        var lo = (ulong)key;
        var hi = (uint)(key >> 64) | Occupied;
        var slot = Slot(lo, hi);
        while (true)
        {
            ref var e = ref _entries[slot];
            if (e.Hi == 0)
            {
                e.Lo = lo;
                e.Hi = hi;
                e.Value = value;
                Count++;
                added = true;
                return value;
            }

            if (e.Lo == lo && e.Hi == hi)
            {
                added = false;
                return e.Value;
            }

            slot = (slot + 1) & _mask;
        }
    }

    public bool TryGet(UInt128 key, out int value)
    {
        var lo = (ulong)key;
        var hi = (uint)(key >> 64) | Occupied;
        var slot = Slot(lo, hi);
        while (true)
        {
            ref var e = ref _entries[slot];
            if (e.Hi == 0)
            {
                value = -1;
                return false;
            }

            if (e.Lo == lo && e.Hi == hi)
            {
                value = e.Value;
                return true;
            }

            slot = (slot + 1) & _mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong lo, uint hi)
    {
        var h = lo ^ (hi * 0xC2B2AE3D27D4EB4FUL);
        h = (h ^ (h >> 33)) * 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        return (int)h & _mask;
    }

    private void Grow()
    {
        var old = _entries;
        _entries = new Entry[old.Length * 2];
        _mask = _entries.Length - 1;
        foreach (var e in old)
        {
            if (e.Hi == 0)
            {
                continue;
            }

            var slot = Slot(e.Lo, e.Hi);
            while (_entries[slot].Hi != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _entries[slot] = e;
        }
    }

    /// <summary>One slot: a cache line holds four, so a probe touches one line.</summary>
    private struct Entry
    {
        public ulong Lo;
        public uint Hi;
        public int Value;
    }
}
