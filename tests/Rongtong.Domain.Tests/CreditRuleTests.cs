using Rongtong.Domain.Calendar;
using Rongtong.Domain.Credit;

namespace Rongtong.Domain.Tests;

public class CreditRuleTests
{
    private static readonly DateOnly AsOf = new(2023, 6, 30);

    [Theory]
    [InlineData(3, "0.05", "0.15", "0.50", true, "0.95", 100)]
    [InlineData(0, "0.0", "-0.10", "0.80", false, "0.10", 10)] // only main-business share floor (5) + non-strategic (5)
    [InlineData(1, "0.0299", "0.10", "0.55", true, "0.70", 10 + 10 + 15 + 5 + 10 + 15)]
    [InlineData(2, "0.01", "0.0499", "0.7499", false, "0.50", 15 + 5 + 5 + 5 + 5 + 10)]
    public void TechPoints_AddUpTheRubricBands(int ip, string rd, string growth, string debt, bool strategic, string share, int total)
    {
        static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        var score = TechPointsRule.Score(new TechDeclaration(ip, D(rd), D(growth), D(debt), strategic, D(share), Money.Money.Parse("1000000.00")), TestPolicy.Version, AsOf);
        Assert.Equal(total, score.Total);
        Assert.Equal(6, score.Items.Count);
        Assert.Equal(100, score.Items.Sum(i => i.MaxPoints));
        Assert.Equal("二(四)", score.Clause.Number);
    }

    [Theory]
    [InlineData("0.00", "SEED")]
    [InlineData("499999.99", "SEED")]
    [InlineData("500000.00", "SAPLING")]
    [InlineData("5000000.00", "GROWTH")]
    [InlineData("20000000.00", "EXPANSION")]
    [InlineData("100000000.00", "MATURE")]
    public void TechPoints_StageFollowsRevenue(string revenue, string stage) =>
        Assert.Equal(stage, TechPointsRule.Score(new TechDeclaration(0, 0, 0, 0.9m, false, 0, Money.Money.Parse(revenue)), TestPolicy.Version, AsOf).Stage);

    [Theory]
    [InlineData(100, "10000000.00")]
    [InlineData(90, "10000000.00")]
    [InlineData(85, "5000000.00")]
    [InlineData(60, "2000000.00")]
    [InlineData(55, "0.00")]
    public void TechPoints_TierGivesTheIndicativeLine(int wanted, string line)
    {
        // Every band is a multiple of 5 points; search the bands for a declaration scoring exactly `wanted`.
        var decl = Enumerable.Range(0, 4).SelectMany(ip => new[] { 0m, 0.01m, 0.02m, 0.03m, 0.05m }.SelectMany(rd =>
                new[] { -1m, 0m, 0.05m, 0.10m, 0.15m }.SelectMany(g => new[] { 0.5m, 0.6m, 0.9m }.SelectMany(debt =>
                    new[] { true, false }.SelectMany(s => new[] { 0m, 0.5m, 0.7m, 0.9m }.Select(share => new TechDeclaration(ip, rd, g, debt, s, share, Money.Money.Zero)))))))
            .First(d => TechPointsRule.Score(d, TestPolicy.Version, AsOf).Total == wanted);
        Assert.Equal(Money.Money.Parse(line), TechPointsRule.Score(decl, TestPolicy.Version, AsOf).IndicativeLine);
    }

    [Theory]
    [InlineData("2024-09-27", "2024-09-30", "2024-10-12")] // 9-29 (Sun) and 10-12 (Sat) are 调休 working days around National Day
    [InlineData("2023-06-30", "2023-07-04", "2023-07-11")]
    [InlineData("2024-02-08", "2024-02-18", "2024-02-23")] // over 春节: 2-18 (Sunday) is a working day
    [InlineData("2024-10-01", "2024-10-10", "2024-10-16")] // pushed on a holiday: the clock starts on the next business day
    public void ResponseClock_CountsBusinessDaysOnTheOfficialCalendar(string pushed, string claimBy, string decideBy)
    {
        var d = ResponseClock.Deadlines(Dates.Parse(pushed), TestPolicy.Catalog.Calendar, TestPolicy.Version, AsOf);
        Assert.Equal(Dates.Parse(claimBy), d.ClaimBy);
        Assert.Equal(Dates.Parse(decideBy), d.DecideBy);
    }

    [Fact]
    public void ResponseClock_LateClaim_IsOverdueTheDayAfterTheDeadline()
    {
        var d = ResponseClock.Deadlines(new DateOnly(2023, 6, 30), TestPolicy.Catalog.Calendar, TestPolicy.Version, AsOf);
        Assert.Equal(ClockState.OnTime, ResponseClock.State(d, d.ClaimBy, answered: false, decided: false));
        Assert.Equal(ClockState.ClaimOverdue, ResponseClock.State(d, d.ClaimBy.AddDays(1), answered: false, decided: false));
        Assert.Equal(ClockState.OnTime, ResponseClock.State(d, d.ClaimBy.AddDays(1), answered: true, decided: false));
        Assert.Equal(ClockState.DecisionOverdue, ResponseClock.State(d, d.DecideBy.AddDays(1), answered: true, decided: false));
    }
}
