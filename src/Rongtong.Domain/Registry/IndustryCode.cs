namespace Rongtong.Domain.Registry;

/// <summary>
/// GB/T 4754-2017 国民经济行业分类 class (小类) codes: four digits, the first two the division (大类).
/// Section C (制造业) is divisions 13–43.
/// </summary>
public static class IndustryCode
{
    /// <summary>The 4-digit class as an int 0..9999, or -1 when the text is not four digits.</summary>
    public static int Parse(ReadOnlySpan<char> text)
    {
        if (text.Length != 4)
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
        if (text.Length != 4)
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

    public static int Division(int classCode) => classCode / 100;

    public static string Format(int classCode) => classCode.ToString("0000", System.Globalization.CultureInfo.InvariantCulture);
}
