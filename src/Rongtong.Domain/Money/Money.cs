using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Rongtong.Domain.Money;

/// <summary>
/// An amount of renminbi in whole 分 (0.01 yuan). The policy's amounts are all stated to the 分
/// (POLICY.md "Money is yuan with 2 decimals"); holding them as <see cref="long"/> 分 means no
/// binary fraction ever reaches a balance, and every rounding is an explicit, named decision.
/// </summary>
public readonly record struct Money(long Fen) : IComparable<Money>
{
    public static readonly Money Zero = new(0);

    /// <summary>
    /// The most whole-yuan digits a written amount may have: 13, so at most 9,999,999,999,999.99 yuan (just under
    /// 10 万亿). No amount the policy deals in comes near it (the whole guarantee programme is 1000亿), and thousands
    /// of such amounts still sum inside a <see cref="long"/> of 分; a longer number is a slip, refused by name
    /// rather than wrapped around into a different amount.
    /// </summary>
    public const int MaxWholeDigits = 13;

    /// <summary>The largest amount <see cref="TryParse"/> reads, in 分.</summary>
    public const long MaxFen = 999_999_999_999_999;

    public static Money FromYuan(long yuan) => new(checked(yuan * 100));

    public static Money operator +(Money a, Money b) => new(checked(a.Fen + b.Fen));
    public static Money operator -(Money a, Money b) => new(checked(a.Fen - b.Fen));
    public static Money operator -(Money a) => new(checked(-a.Fen));
    public static bool operator <(Money a, Money b) => a.Fen < b.Fen;
    public static bool operator >(Money a, Money b) => a.Fen > b.Fen;
    public static bool operator <=(Money a, Money b) => a.Fen <= b.Fen;
    public static bool operator >=(Money a, Money b) => a.Fen >= b.Fen;

    public int CompareTo(Money other) => Fen.CompareTo(other.Fen);

    public static Money Min(Money a, Money b) => a.Fen <= b.Fen ? a : b;
    public static Money Max(Money a, Money b) => a.Fen >= b.Fen ? a : b;

    /// <summary>
    /// Multiplies by an exact decimal factor and rounds to the 分 with <paramref name="rounding"/>:
    /// <see cref="Rounding.HalfAwayFromZero"/> for amounts (四舍五入), <see cref="Rounding.Down"/>
    /// for caps and limits ("不超过"), so a cap never exceeds its bound.
    /// </summary>
    public Money Multiply(decimal factor, Rounding rounding) => Round(Fen * factor, rounding);

    /// <summary>
    /// This amount × <paramref name="factor"/> ÷ <paramref name="divisor"/>, rounded once at the end. Dividing
    /// last keeps an exact half 分 exact: 1,000,027.00 × 0.75 % × 90 ÷ 365 is 1,849.365 and rounds to 1,849.37,
    /// where multiplying by the truncated quotient 0.0075 × 90 ÷ 365 gave 1,849.36.
    /// </summary>
    public Money Multiply(decimal factor, long divisor, Rounding rounding) =>
        divisor > 0 ? Round(Fen * factor / divisor, rounding) : throw new ArgumentOutOfRangeException(nameof(divisor), "the divisor must be positive");

    private static Money Round(decimal exact, Rounding rounding)
    {
        var rounded = rounding switch
        {
            Rounding.HalfAwayFromZero => Math.Round(exact, 0, MidpointRounding.AwayFromZero),
            Rounding.Down => Math.Round(exact, 0, MidpointRounding.ToZero),
            _ => throw new ArgumentOutOfRangeException(nameof(rounding)),
        };
        return new Money(decimal.ToInt64(rounded));
    }

    /// <summary>Formats as yuan with exactly two decimals and no grouping: <c>1234.50</c>, <c>-0.03</c>.</summary>
    public override string ToString()
    {
        var abs = Fen < 0 ? -(decimal)Fen : Fen;
        var whole = decimal.Truncate(abs / 100);
        var cents = (int)(abs - (whole * 100));
        return string.Create(CultureInfo.InvariantCulture, $"{(Fen < 0 ? "-" : "")}{whole}.{cents:00}");
    }

    /// <summary>Writes the two-decimal form into <paramref name="destination"/> (ASCII), for bulk output.</summary>
    public bool TryFormat(Span<byte> destination, out int written)
    {
        written = 0;
        var value = Fen;
        var negative = value < 0;
        var magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        Span<byte> tmp = stackalloc byte[24];
        var pos = tmp.Length;
        var cents = magnitude % 100;
        magnitude /= 100;
        tmp[--pos] = (byte)('0' + (cents % 10));
        tmp[--pos] = (byte)('0' + (cents / 10));
        tmp[--pos] = (byte)'.';
        do
        {
            tmp[--pos] = (byte)('0' + (magnitude % 10));
            magnitude /= 10;
        }
        while (magnitude != 0);
        if (negative)
        {
            tmp[--pos] = (byte)'-';
        }

        var len = tmp.Length - pos;
        if (len > destination.Length)
        {
            return false;
        }

        tmp[pos..].CopyTo(destination);
        written = len;
        return true;
    }

    /// <summary>Parses yuan written as digits with at most two decimals (<c>12</c>, <c>12.5</c>, <c>12.50</c>, <c>-3.00</c>).</summary>
    /// <exception cref="FormatException">The text is not such an amount; the message says why.</exception>
    public static Money Parse(string text) =>
        TryParse(text.AsSpan(), out var money, out var error) ? money : throw new FormatException(error);

    public static bool TryParse(ReadOnlySpan<char> text, out Money money, [NotNullWhen(false)] out string? error)
    {
        money = Zero;
        if (text.IsEmpty)
        {
            error = "empty amount";
            return false;
        }

        var negative = text[0] == '-';
        var i = negative ? 1 : 0;
        long whole = 0;
        var digits = 0;
        var significant = 0;
        for (; i < text.Length && text[i] != '.'; i++)
        {
            var c = text[i];
            if (c is < '0' or > '9')
            {
                error = $"'{text}' is not an amount in yuan (unexpected '{c}')";
                return false;
            }

            digits++;
            if (whole == 0 && c == '0')
            {
                continue; // leading zeros
            }

            if (++significant > MaxWholeDigits)
            {
                error = $"'{text}' is too large: amounts are at most {MaxWholeDigits} digits of yuan ({new Money(MaxFen)})";
                return false;
            }

            whole = (whole * 10) + (c - '0');
        }

        if (digits == 0)
        {
            error = $"'{text}' is not an amount in yuan (no digits before the decimal point)";
            return false;
        }

        long fraction = 0;
        if (i < text.Length)
        {
            var decimals = text.Length - i - 1;
            if (decimals is < 1 or > 2)
            {
                error = $"'{text}' must have one or two decimals (amounts are in whole 分)";
                return false;
            }

            for (var j = i + 1; j < text.Length; j++)
            {
                var c = text[j];
                if (c is < '0' or > '9')
                {
                    error = $"'{text}' is not an amount in yuan (unexpected '{c}')";
                    return false;
                }

                fraction = (fraction * 10) + (c - '0');
            }

            if (decimals == 1)
            {
                fraction *= 10;
            }
        }

        var fen = (whole * 100) + fraction;
        money = new Money(negative ? -fen : fen);
        error = null;
        return true;
    }

    /// <summary>
    /// Splits <paramref name="total"/> in proportion to <paramref name="weights"/> exactly to the 分:
    /// each part is floored, then the remaining 分 go one by one to the largest fractional remainders,
    /// ties to the lower index (POLICY.md P4: guarantor, national fund, provincial, bank).
    /// The parts always sum to the total.
    /// </summary>
    public static Money[] Allocate(Money total, ReadOnlySpan<decimal> weights)
    {
        if (weights.IsEmpty)
        {
            throw new ArgumentException("at least one weight is needed", nameof(weights));
        }

        // Scale the decimal weights to integers so the arithmetic below is exact.
        var scale = 0;
        foreach (var w in weights)
        {
            if (w < 0)
            {
                throw new ArgumentException("weights must not be negative", nameof(weights));
            }

            scale = Math.Max(scale, w.Scale);
        }

        var factor = (decimal)Math.Pow(10, scale);
        var ints = new Int128[weights.Length];
        Int128 sum = 0;
        for (var k = 0; k < weights.Length; k++)
        {
            ints[k] = (Int128)decimal.ToInt64(weights[k] * factor);
            sum += ints[k];
        }

        if (sum == 0)
        {
            throw new ArgumentException("weights must not all be zero", nameof(weights));
        }

        var sign = total.Fen < 0 ? -1 : 1;
        Int128 magnitude = total.Fen < 0 ? -(Int128)total.Fen : total.Fen;
        var parts = new long[weights.Length];
        var remainders = new Int128[weights.Length];
        Int128 given = 0;
        for (var k = 0; k < weights.Length; k++)
        {
            var numerator = magnitude * ints[k];
            parts[k] = (long)(numerator / sum);
            remainders[k] = numerator % sum;
            given += parts[k];
        }

        var left = (long)(magnitude - given);
        var order = new int[weights.Length];
        for (var k = 0; k < order.Length; k++)
        {
            order[k] = k;
        }

        // Stable by index: larger remainder first, equal remainders keep the given order.
        Array.Sort(order, (a, b) => remainders[a] != remainders[b] ? remainders[b].CompareTo(remainders[a]) : a.CompareTo(b));
        for (var k = 0; k < left; k++)
        {
            parts[order[k]]++;
        }

        var result = new Money[weights.Length];
        for (var k = 0; k < parts.Length; k++)
        {
            result[k] = new Money(sign * parts[k]);
        }

        return result;
    }
}

/// <summary>How an amount is brought to the 分.</summary>
public enum Rounding
{
    /// <summary>四舍五入: half away from zero — the default for computed amounts.</summary>
    HalfAwayFromZero,

    /// <summary>Toward zero — for caps and limits, so that a cap never exceeds its bound.</summary>
    Down,
}
