namespace Rongtong.Domain.Registry;

/// <summary>
/// GB/T 2260 administrative division codes: six digits, province–city–county. Parsed to an int so the
/// batch rule compares numbers, not strings.
/// </summary>
public static class RegionCode
{
    /// <summary>The 6-digit code as an int, or -1 when the text is not six digits.</summary>
    public static int Parse(ReadOnlySpan<char> text)
    {
        if (text.Length != 6)
        {
            return -1;
        }

        var value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }

    public static int Parse(ReadOnlySpan<byte> text)
    {
        if (text.Length != 6)
        {
            return -1;
        }

        var value = 0;
        foreach (var c in text)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }

    /// <summary>True when <paramref name="code"/> lies under the 4-digit city prefix (e.g. 3301 for 杭州市).</summary>
    public static bool IsUnder(int code, int cityPrefix) => code >= 0 && code / 100 == cityPrefix;
}
