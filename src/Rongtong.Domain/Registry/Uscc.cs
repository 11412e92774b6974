namespace Rongtong.Domain.Registry;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters over a 31-character alphabet (no I, O, Z, S, V);
/// the 18th is a check character computed from the first 17 with the standard's weights. A code that
/// fails the check is a typo or a forgery and must not identify an enterprise.
/// </summary>
public static class Uscc
{
    public const int Length = 18;
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly sbyte[] ValueOf = BuildValues();

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
        }

        return values;
    }

    /// <summary>Null when <paramref name="code"/> is a valid USCC, else why not (position is 1-based).</summary>
    public static string? Validate(ReadOnlySpan<char> code)
    {
        if (code.Length != Length)
        {
            return $"USCC must have 18 characters, '{code}' has {code.Length}";
        }

        var sum = 0;
        for (var i = 0; i < Length; i++)
        {
            var c = code[i];
            var v = c < 128 ? ValueOf[c] : -1;
            if (v < 0)
            {
                return $"USCC '{code}' has an invalid character '{c}' at position {i + 1} (allowed: 0-9 and A-Y without I, O, S, V, Z)";
            }

            if (i < Length - 1)
            {
                sum += v * Weights[i];
            }
        }

        var expected = Alphabet[(31 - (sum % 31)) % 31];
        return code[Length - 1] == expected
            ? null
            : $"USCC '{code}' fails its check character: expected '{expected}', found '{code[Length - 1]}'";
    }

    /// <summary>Byte-level check for bulk paths; same rule as <see cref="Validate(ReadOnlySpan{char})"/>.</summary>
    public static bool IsValid(ReadOnlySpan<byte> code)
    {
        if (code.Length != Length)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < Length - 1; i++)
        {
            var c = code[i];
            var v = c < 128 ? ValueOf[c] : -1;
            if (v < 0)
            {
                return false;
            }

            sum += v * Weights[i];
        }

        var last = code[Length - 1];
        return last < 128 && ValueOf[last] >= 0 && last == Alphabet[(31 - (sum % 31)) % 31];
    }

    public static bool IsValid(ReadOnlySpan<char> code) => Validate(code) is null;

    /// <summary>The check character that completes the first 17 characters (for generators and tests).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1)
        {
            throw new ArgumentException("17 characters are needed", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var c = first17[i];
            var v = c < 128 ? ValueOf[c] : -1;
            if (v < 0)
            {
                throw new ArgumentException($"invalid character '{c}' at position {i + 1}", nameof(first17));
            }

            sum += v * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }

    /// <summary>
    /// Packs a valid code into 90 bits (18 × 5) for compact hashing: two longs, lossless.
    /// Only call on codes that passed validation.
    /// </summary>
    public static UInt128 Pack(ReadOnlySpan<byte> code)
    {
        UInt128 packed = 0;
        for (var i = 0; i < Length; i++)
        {
            packed = (packed << 5) | (uint)ValueOf[code[i]];
        }

        return packed;
    }

    public static UInt128 Pack(ReadOnlySpan<char> code)
    {
        UInt128 packed = 0;
        for (var i = 0; i < Length; i++)
        {
            packed = (packed << 5) | (uint)ValueOf[code[i]];
        }

        return packed;
    }

    /// <summary>
    /// Validates and packs in one pass: true, with the same value as <see cref="Pack(ReadOnlySpan{byte})"/>,
    /// exactly when <see cref="IsValid(ReadOnlySpan{byte})"/> holds.
    /// </summary>
    public static bool TryPack(ReadOnlySpan<byte> code, out UInt128 packed)
    {
        packed = 0;
        if (code.Length != Length)
        {
            return false;
        }

        var values = ValueOf;
        var weights = Weights;
        ulong high = 0, low = 0;
        var sum = 0;
        var bad = 0;
        for (var i = 0; i < 12; i++)
        {
            var c = code[i];
            var v = c < 128 ? values[c] : -1;
            bad |= v;
            sum += v * weights[i];
            high = (high << 5) | (uint)(v & 31);
        }

        for (var i = 12; i < Length - 1; i++)
        {
            var c = code[i];
            var v = c < 128 ? values[c] : -1;
            bad |= v;
            sum += v * weights[i];
            low = (low << 5) | (uint)(v & 31);
        }

        var last = code[Length - 1];
        if (bad < 0 || last >= 128 || last != Alphabet[(31 - (sum % 31)) % 31])
        {
            return false;
        }

        low = (low << 5) | (ulong)(byte)ValueOf[last];
        packed = ((UInt128)high << 30) | low;
        return true;
    }

    /// <summary>Writes the 18 characters of a packed code (the inverse of <see cref="Pack(ReadOnlySpan{byte})"/>) as ASCII.</summary>
    public static void Unpack(UInt128 packed, Span<byte> destination)
    {
        var d = destination[..Length];
        var low = (ulong)packed;
        var high = (ulong)(packed >> 64);
        for (var i = Length - 1; i >= 0; i--)
        {
            d[i] = (byte)Alphabet[(int)(low & 31)];
            low = (low >> 5) | (high << 59);
            high >>= 5;
        }
    }
}
