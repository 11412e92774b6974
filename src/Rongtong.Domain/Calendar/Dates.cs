using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Rongtong.Domain.Calendar;

/// <summary>The one date format of the public contract: <c>YYYY-MM-DD</c>.</summary>
public static class Dates
{
    public const string Format = "yyyy-MM-dd";

    /// <summary>China Standard Time (UTC+8, no daylight saving): the platform's civil time.</summary>
    public static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    /// <summary>The calendar date in China at <paramref name="instant"/> (the default business date when none is set).</summary>
    public static DateOnly InChina(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(ChinaStandardTime).DateTime);

    public static bool TryParse(ReadOnlySpan<char> text, out DateOnly date, [NotNullWhen(false)] out string? error)
    {
        if (text.Length == 10 && DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            error = null;
            return true;
        }

        date = default;
        error = $"'{text}' is not a date in the form YYYY-MM-DD";
        return false;
    }

    public static DateOnly Parse(string text) =>
        TryParse(text, out var date, out var error) ? date : throw new FormatException(error);

    public static string ToText(this DateOnly date) => date.ToString(Format, CultureInfo.InvariantCulture);
}
