using System.Globalization;

namespace Rongtong.Domain.Calendar;

/// <summary>
/// A closed range of calendar days, <c>From..To</c> with both ends inclusive. The policy states its
/// periods this way ("自2021年5月6日起施行，有效期3年" → 2021-05-06..2024-05-05), so every period in the
/// platform is inclusive of its last day; an open end is not representable by design.
/// </summary>
public readonly record struct DatePeriod
{
    public DatePeriod(DateOnly from, DateOnly to)
    {
        if (from > to)
        {
            throw new ArgumentException($"a period must not end ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
        }

        From = from;
        To = to;
    }

    public DateOnly From { get; }

    /// <summary>The last day of the period, inclusive.</summary>
    public DateOnly To { get; }

    /// <summary>Always true: the end day belongs to the period.</summary>
    public static bool EndIsInclusive => true;

    public int Days => To.DayNumber - From.DayNumber + 1;

    public bool Contains(DateOnly date) => date >= From && date <= To;

    public bool Overlaps(DatePeriod other) => From <= other.To && other.From <= To;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}");
}
