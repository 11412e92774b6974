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

    /// <summary>
    /// The first and last dates the platform accepts. Registrations and tax years reach back decades, terms and
    /// validities decades ahead; a date outside 1900–2199 is a slip, and refusing it keeps every date sum the rules
    /// make (terms of up to 50 years, business-day counts, response clocks) far from <see cref="DateOnly"/>'s ends.
    /// </summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    /// <inheritdoc cref="Earliest"/>
    public static readonly DateOnly Latest = new(2199, 12, 31);

    /// <summary>The platform's dates, both ends included.</summary>
    public static readonly DatePeriod Range = new(Earliest, Latest);

    /// <summary>Whether <paramref name="date"/> lies in <see cref="Range"/>.</summary>
    public static bool InRange(DateOnly date) => Range.Contains(date);

    /// <summary>Why <paramref name="date"/> is refused, or null when it is in range.</summary>
    public static string? RangeError(DateOnly date) =>
        InRange(date) ? null : $"{date.ToText()} is outside the dates the platform accepts ({Earliest.ToText()} to {Latest.ToText()})";

    /// <summary>
    /// Refuses a date outside the range as a broken rule: the handlers the UI and the CLI call directly, past the
    /// HTTP checks, make date sums with it.
    /// </summary>
    public static void RequireInRange(DateOnly date, string what)
    {
        if (RangeError(date) is { } error)
        {
            throw new DomainException("DATE_OUT_OF_RANGE", $"{what}: {error}", new Dictionary<string, string[]>(StringComparer.Ordinal) { [what] = [error] });
        }
    }

    public static bool TryParse(ReadOnlySpan<char> text, out DateOnly date, [NotNullWhen(false)] out string? error)
    {
        if (text.Length == 10 && DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            error = RangeError(date);
            return error is null;
        }

        date = default;
        error = $"'{text}' is not a date in the form YYYY-MM-DD";
        return false;
    }

    public static DateOnly Parse(string text) =>
        TryParse(text, out var date, out var error) ? date : throw new FormatException(error);

    public static string ToText(this DateOnly date) => date.ToString(Format, CultureInfo.InvariantCulture);
}
