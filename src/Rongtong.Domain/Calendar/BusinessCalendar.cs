namespace Rongtong.Domain.Calendar;

/// <summary>
/// Business days for the T+1 bridge (五(二)) and the response clocks (二(二)): Monday–Friday, minus
/// official holidays, plus the weekend days that the State Council's notices make working days (调休).
/// The facts come from data (<c>policy/calendar/cn-holidays.csv</c>) an operator can extend.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly HashSet<DateOnly> _off;
    private readonly HashSet<DateOnly> _workdays;

    public BusinessCalendar(IEnumerable<DateOnly> officialDaysOff, IEnumerable<DateOnly> adjustedWorkdays, DatePeriod coverage)
    {
        _off = [.. officialDaysOff];
        _workdays = [.. adjustedWorkdays];
        Coverage = coverage;
        var both = _off.Intersect(_workdays).ToList();
        if (both.Count > 0)
        {
            throw new ArgumentException($"{both[0].ToText()} is listed both as a day off and as a working day");
        }
    }

    /// <summary>
    /// The most business days one call adds: about ten years, far beyond any clock of the policy (T+1, 3 and 5
    /// business days) and well inside <see cref="Dates"/>' range, so no count walks the calendar for minutes.
    /// </summary>
    public const int MaxDays = 2_500;

    /// <summary>The years for which the official notices are on record; outside them only weekends count.</summary>
    public DatePeriod Coverage { get; }

    public bool IsBusinessDay(DateOnly date)
    {
        if (_workdays.Contains(date))
        {
            return true;
        }

        if (_off.Contains(date))
        {
            return false;
        }

        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>
    /// The business day <paramref name="days"/> business days after <paramref name="date"/>.
    /// With 0 it is the date itself when that is a business day, else the next business day.
    /// </summary>
    public DateOnly AddBusinessDays(DateOnly date, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        var d = date;
        while (!IsBusinessDay(d))
        {
            d = d.AddDays(1);
        }

        for (var k = 0; k < days; k++)
        {
            d = d.AddDays(1);
            while (!IsBusinessDay(d))
            {
                d = d.AddDays(1);
            }
        }

        return d;
    }

    /// <summary>Business days after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public int BusinessDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsBusinessDay(d))
            {
                count++;
            }
        }

        return count;
    }
}
