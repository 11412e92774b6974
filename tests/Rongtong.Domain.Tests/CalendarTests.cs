using Rongtong.Domain.Calendar;

namespace Rongtong.Domain.Tests;

public class CalendarTests
{
    private static BusinessCalendar Calendar => TestPolicy.Catalog.Calendar;

    [Theory]
    [InlineData("2024-10-01", false)] // 国庆节
    [InlineData("2024-10-07", false)]
    [InlineData("2024-10-08", true)]
    [InlineData("2024-10-12", true)] // Saturday made a working day (调休)
    [InlineData("2024-10-13", false)] // ordinary Sunday
    [InlineData("2023-12-30", false)] // 2024 元旦 block begins on a Saturday
    [InlineData("2021-02-07", true)] // Sunday, 春节 调休
    [InlineData("2026-11-30", true)] // ordinary Monday
    public void IsBusinessDay_FollowsTheOfficialNotices(string date, bool expected) =>
        Assert.Equal(expected, Calendar.IsBusinessDay(Dates.Parse(date)));

    [Theory]
    [InlineData("2024-09-30", 0, "2024-09-30")]
    [InlineData("2024-09-30", 1, "2024-10-08")] // over the National Day holiday
    [InlineData("2024-10-01", 0, "2024-10-08")] // 0 on a holiday gives the next business day
    [InlineData("2024-10-11", 1, "2024-10-12")] // the 调休 Saturday counts
    [InlineData("2024-10-12", 1, "2024-10-14")]
    [InlineData("2023-06-30", 5, "2023-07-07")]
    [InlineData("2025-01-24", 1, "2025-01-26")] // Sunday 调休 before 春节
    [InlineData("2026-11-27", 1, "2026-11-30")]
    public void AddBusinessDays_CountsOnlyBusinessDays(string start, int days, string expected) =>
        Assert.Equal(Dates.Parse(expected), Calendar.AddBusinessDays(Dates.Parse(start), days));

    [Theory]
    [InlineData("2023-06-30T15:59:59Z", "2023-06-30")]
    [InlineData("2023-06-30T16:00:00Z", "2023-07-01")] // midnight in Beijing
    [InlineData("2023-07-01T08:00:00+08:00", "2023-07-01")]
    public void InChina_IsTheCivilDateAtUtcPlusEight(string instant, string date) =>
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
            Dates.InChina(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("1900-01-01", true)]
    [InlineData("2199-12-31", true)]
    [InlineData("1899-12-31", false)]
    [InlineData("2200-01-01", false)]
    [InlineData("9999-12-31", false)]
    [InlineData("0001-01-01", false)]
    public void TryParse_TakesOnlyDatesInThePlatformsRange(string text, bool taken)
    {
        Assert.Equal(taken, Dates.TryParse(text, out _, out var error));
        Assert.Equal(taken, error is null);
        if (!taken)
        {
            Assert.Contains("1900-01-01 to 2199-12-31", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RequireInRange_RefusesAsABrokenRule_NamingWhatAndTheRange()
    {
        Dates.RequireInRange(new DateOnly(2023, 7, 1), "disbursedOn");
        var refused = Assert.Throws<DomainException>(() => Dates.RequireInRange(new DateOnly(9999, 12, 31), "disbursedOn"));
        Assert.Equal("DATE_OUT_OF_RANGE", refused.Code);
        Assert.StartsWith("disbursedOn: 9999-12-31 is outside", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBusinessDays_RefusesNegativeDays() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddBusinessDays(new DateOnly(2024, 1, 2), -1));

    [Fact]
    public void AddBusinessDays_RefusesMoreThanItsMaximum()
    {
        Assert.True(Calendar.AddBusinessDays(new DateOnly(2024, 1, 2), BusinessCalendar.MaxDays) < Dates.Latest);
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddBusinessDays(new DateOnly(2024, 1, 2), BusinessCalendar.MaxDays + 1));
    }

    [Fact]
    public void Coverage_SpansTheYearsOfTheNotices()
    {
        Assert.Equal(new DateOnly(2021, 1, 1), Calendar.Coverage.From);
        Assert.Equal(new DateOnly(2026, 12, 31), Calendar.Coverage.To);
    }

    [Fact]
    public void DatePeriod_RefusesAnEndBeforeItsStart() =>
        Assert.Throws<ArgumentException>(() => new DatePeriod(new DateOnly(2024, 5, 6), new DateOnly(2024, 5, 5)));

    [Theory]
    [InlineData("2021-05-05", false)]
    [InlineData("2021-05-06", true)]
    [InlineData("2024-05-05", true)]
    [InlineData("2024-05-06", false)]
    public void DatePeriod_IncludesBothEnds(string date, bool inside) =>
        Assert.Equal(inside, TestPolicy.Version.Period.Contains(Dates.Parse(date)));
}
