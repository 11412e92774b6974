using CsCheck;
using Rongtong.Domain.Rules;

namespace Rongtong.Domain.Tests;

public class CalculatorRuleTests
{
    private static readonly DateOnly AsOf = new(2023, 6, 30);

    [Theory]
    [InlineData("0.03", "0.01", "0.01", "0.01", "0.00")]
    [InlineData("0.01", "0.01", "0.00", "0.00", "0.00")]
    [InlineData("0.07", "0.03", "0.02", "0.01", "0.01")]
    [InlineData("1000000.00", "400000.00", "200000.00", "200000.00", "200000.00")]
    [InlineData("0.00", "0.00", "0.00", "0.00", "0.00")]
    public void Split4222_IsExactToTheFen(string amount, string g, string n, string p, string b)
    {
        var s = RiskSharingRule.Split(Money.Money.Parse(amount), TestPolicy.Version, AsOf);
        Assert.Equal([g, n, p, b], new[] { s.Guarantor, s.NationalFund, s.ProvincialReguarantee, s.Bank }.Select(x => x.ToString()));
        Assert.Equal("三(二)", s.Clause.Number);
    }

    [Fact]
    public void Split4222_SharesAlwaysSumToTheAmount_AndFollowTheTieOrder() =>
        Gen.Long[0, 100_000_000_000_000].Sample(fen =>
        {
            var s = RiskSharingRule.Split(new Money.Money(fen), TestPolicy.Version, AsOf);
            long[] parts = [s.Guarantor.Fen, s.NationalFund.Fen, s.ProvincialReguarantee.Fen, s.Bank.Fen];
            long[] floors = [fen * 4 / 10, fen * 2 / 10, fen * 2 / 10, fen * 2 / 10];
            long[] remainders = [fen * 4 % 10, fen * 2 % 10, fen * 2 % 10, fen * 2 % 10];
            var extra = parts.Select((x, k) => x - floors[k]).ToArray();
            var tieOrderKept = true;
            for (var i = 0; i < 4; i++)
            {
                for (var j = i + 1; j < 4; j++)
                {
                    // a later party never gets the extra 分 before an earlier one with an equal or larger remainder
                    if (extra[j] == 1 && extra[i] == 0 && remainders[i] >= remainders[j])
                    {
                        tieOrderKept = false;
                    }
                }
            }

            return parts.Sum() == fen && extra.All(e => e is 0 or 1) && tieOrderKept && s.GuarantorPaysBank.Fen == fen - s.Bank.Fen;
        });

    [Theory]
    [InlineData("1000000.00", "0.008", "2023-01-01", "2024-01-01", "8000.00", true)]
    [InlineData("1000000.00", "0.01", "2023-01-01", "2024-01-01", "10000.00", true)]
    [InlineData("1000000.00", "0.0101", "2023-01-01", "2024-01-01", "10100.00", false)]
    [InlineData("1000000.00", "0.01", "2023-01-01", "2023-01-01", "0.00", true)]
    [InlineData("100.00", "0.01", "2023-01-01", "2023-01-02", "0.00", true)] // 0.0027 rounds to 0.00
    [InlineData("1825.00", "0.01", "2023-01-01", "2023-01-02", "0.05", true)] // exactly 0.05
    [InlineData("1643.00", "0.01", "2023-01-01", "2023-01-02", "0.05", true)] // 0.04501… rounds half away up
    [InlineData("1000027.00", "0.0075", "2023-01-01", "2023-04-01", "1849.37", true)] // exactly 1849.365: half away from zero
    [InlineData("1000027.00", "0.0075", "2023-01-01", "2023-03-01", "1212.36", true)] // 59 days: 1212.3615
    public void Fee_IsPrincipalTimesRateTimesDaysOver365(string principal, string rate, string start, string end, string fee, bool within)
    {
        var outcome = GuaranteeFeeRule.Compute(Money.Money.Parse(principal), decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture),
            Calendar.Dates.Parse(start), Calendar.Dates.Parse(end), TestPolicy.Version, AsOf);
        Assert.Equal(fee, outcome.Fee.ToString());
        Assert.Equal(within, outcome.WithinCap);
        Assert.Equal(within ? [] : [GuaranteeFeeRule.AboveCap], outcome.Reasons);
    }

    [Fact]
    public void Fee_IsTheExactProductRoundedOnce_HalvesAwayFromZero() =>
        Gen.Select(Gen.Long[0, 10_000_000_000_000], Gen.Int[0, 300], Gen.Int[0, 3_650]).Sample((fen, basisPoints, days) =>
        {
            var outcome = GuaranteeFeeRule.Compute(new Money.Money(fen), basisPoints / 10000m, AsOf, AsOf.AddDays(days), TestPolicy.Version, AsOf);
            // In whole numbers: fee = fen × bp × days / (10000 × 365), halves away from zero.
            var numerator = (System.Numerics.BigInteger)fen * basisPoints * days;
            var denominator = (System.Numerics.BigInteger)10000 * 365;
            var expected = (long)((2 * numerator + denominator) / (2 * denominator));
            return outcome.Fee.Fen == expected;
        });

    [Fact]
    public void Fee_IsWithinCapIffRateIsAtMostTheCap() =>
        Gen.Select(Gen.Int[0, 300], Gen.Long[0, 10_000_000_000]).Sample((basisPoints, fen) =>
        {
            var rate = basisPoints / 10000m;
            var outcome = GuaranteeFeeRule.Compute(new Money.Money(fen), rate, AsOf, AsOf.AddDays(365), TestPolicy.Version, AsOf);
            var capFee = new Money.Money(fen).Multiply(0.01m, Money.Rounding.HalfAwayFromZero);
            return outcome.WithinCap == (rate <= 0.01m) && (!outcome.WithinCap || outcome.Fee <= capFee);
        });

    [Fact]
    public void Fee_RefusesAPeriodThatEndsBeforeItStarts() =>
        Assert.Equal("FEE_PERIOD_INVALID", Assert.Throws<DomainException>(() =>
            GuaranteeFeeRule.Compute(Money.Money.Parse("1.00"), 0.01m, AsOf, AsOf.AddDays(-1), TestPolicy.Version, AsOf)).Code);

    [Theory]
    [InlineData("333.33", "1000.00", "166.66", SupplementaryCapRule.ByCollateral)]
    [InlineData("0.01", "1000.00", "0.00", SupplementaryCapRule.ByCollateral)]
    [InlineData("10000.00", "4000.00", "4000.00", SupplementaryCapRule.ByPrincipal)]
    [InlineData("8000.00", "4000.00", "4000.00", SupplementaryCapRule.ByCollateral)]
    public void SupplementaryCap_IsHalfTheNetBookValueRoundedDown_AtMostThePrincipal(string nbv, string principal, string cap, string reason)
    {
        var outcome = SupplementaryCapRule.Compute(Money.Money.Parse(nbv), Money.Money.Parse(principal), TestPolicy.Version, AsOf);
        Assert.Equal(cap, outcome.Cap.ToString());
        Assert.Equal(reason, outcome.Reason);
        Assert.Equal("五(一)", outcome.Clause.Number);
    }

    [Fact]
    public void SupplementaryCap_NeverExceedsEitherBound() =>
        Gen.Select(Gen.Long[0, 1_000_000_000_000], Gen.Long[0, 1_000_000_000_000]).Sample((nbv, principal) =>
        {
            var cap = SupplementaryCapRule.Compute(new Money.Money(nbv), new Money.Money(principal), TestPolicy.Version, AsOf).Cap.Fen;
            return cap <= principal && cap * 2 <= nbv && (cap == principal || cap == nbv / 2);
        });

    [Fact]
    public void Bridge_TPlusOne_SkipsTheHoliday()
    {
        var s = BridgeLoanRule.Schedule(new DateOnly(2023, 9, 28), TestPolicy.Catalog.Calendar, TestPolicy.Version, AsOf);
        Assert.Equal(new DateOnly(2023, 9, 28), s.PayOffDay);
        Assert.Equal(new DateOnly(2023, 10, 7), s.RenewalDue); // 2023-10-07 is a 调休 Saturday
        Assert.Equal("五(二)", s.Clause.Number);
    }

    [Theory]
    [InlineData("2023-03-01", "2023-03-01", 1, "15.00")] // a part day counts as a whole day
    [InlineData("2023-03-01", "2023-03-06", 5, "75.00")]
    [InlineData("2023-03-01", "2023-03-08", 7, "155.00")] // 5 × 0.015 % + 2 × 0.04 %
    public void Bridge_FeeCountsCalendarDays(string from, string to, int days, string fee)
    {
        var f = BridgeLoanRule.Fee(Money.Money.Parse("100000.00"), Calendar.Dates.Parse(from), Calendar.Dates.Parse(to), TestPolicy.Version, AsOf);
        Assert.Equal(days, f.OccupancyDays);
        Assert.Equal(fee, f.Fee.ToString());
    }
}
