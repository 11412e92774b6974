using CsCheck;
using Rongtong.Domain.Money;

namespace Rongtong.Domain.Tests;

public class MoneyTests
{
    [Theory]
    [InlineData("0.00", 0)]
    [InlineData("0.01", 1)]
    [InlineData("1234.50", 123450)]
    [InlineData("1234.5", 123450)]
    [InlineData("12", 1200)]
    [InlineData("-3.07", -307)]
    [InlineData("100000000000.00", 10000000000000)]
    [InlineData("9999999999999.99", Money.Money.MaxFen)]
    [InlineData("-9999999999999.99", -Money.Money.MaxFen)]
    [InlineData("00000000000000012.00", 1200)]
    public void Parse_ReadsYuanIntoFen(string text, long fen) => Assert.Equal(fen, Money.Money.Parse(text).Fen);

    [Theory]
    [InlineData("")]
    [InlineData("1.234")]
    [InlineData("1,000.00")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("abc")]
    [InlineData("1e5")]
    [InlineData("--1")]
    [InlineData("10000000000000.00")]
    [InlineData("92233720368547759.99")]
    [InlineData("-92233720368547759.99")]
    [InlineData("99999999999999999999.99")]
    public void Parse_RejectsWhatIsNotAnAmountInFen(string text)
    {
        Assert.False(Money.Money.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Parse_NeverWrapsAround_AnAmountIsReadExactlyOrRefused() =>
        Gen.Select(Gen.Bool, Gen.Char['0', '9'].Array[1, 20], Gen.Int[0, 99]).Sample((negative, digits, cents) =>
        {
            var whole = new string(digits);
            var exact = (negative ? -1 : 1) * ((System.Numerics.BigInteger.Parse(whole, System.Globalization.CultureInfo.InvariantCulture) * 100) + cents);
            return Money.Money.TryParse($"{(negative ? "-" : "")}{whole}.{cents:00}", out var m, out _)
                ? m.Fen == exact
                : System.Numerics.BigInteger.Abs(exact) > Money.Money.MaxFen;
        });

    [Theory]
    [InlineData(0, "0.00")]
    [InlineData(1, "0.01")]
    [InlineData(-1, "-0.01")]
    [InlineData(123450, "1234.50")]
    [InlineData(long.MinValue, "-92233720368547758.08")]
    public void ToString_WritesExactlyTwoDecimals(long fen, string text)
    {
        Assert.Equal(text, new Money.Money(fen).ToString());
        Span<byte> buffer = stackalloc byte[32];
        Assert.True(new Money.Money(fen).TryFormat(buffer, out var n));
        Assert.Equal(text, System.Text.Encoding.ASCII.GetString(buffer[..n]));
    }

    [Fact]
    public void ParseAndFormat_RoundTripEveryAmount() =>
        Gen.Long[-Money.Money.MaxFen, Money.Money.MaxFen].Sample(fen =>
            Money.Money.Parse(new Money.Money(fen).ToString()).Fen == fen);

    [Theory]
    [InlineData(1, "0.5", Rounding.HalfAwayFromZero, 1)]
    [InlineData(-1, "0.5", Rounding.HalfAwayFromZero, -1)]
    [InlineData(3, "0.5", Rounding.HalfAwayFromZero, 2)]
    [InlineData(3, "0.5", Rounding.Down, 1)]
    [InlineData(99, "0.5", Rounding.Down, 49)]
    [InlineData(1, "0.49", Rounding.HalfAwayFromZero, 0)]
    public void Multiply_RoundsAsNamed(long fen, string factor, Rounding rounding, long expected) =>
        Assert.Equal(expected, new Money.Money(fen).Multiply(decimal.Parse(factor, System.Globalization.CultureInfo.InvariantCulture), rounding).Fen);

    [Fact]
    public void Allocate_ThreeFenUnder4222_GivesTheLastFenByTieOrder()
    {
        var parts = Money.Money.Allocate(new Money.Money(3), [0.4m, 0.2m, 0.2m, 0.2m]);
        Assert.Equal([1L, 1L, 1L, 0L], parts.Select(p => p.Fen));
    }

    [Fact]
    public void Allocate_PartsAlwaysSumToTheTotal_AndDifferFromExactByLessThanOneFen() =>
        Gen.Select(Gen.Long[0, 10_000_000_000_000], Gen.Int[1, 9].Array[1, 6]).Sample((total, ints) =>
        {
            var weights = ints.Select(i => (decimal)i).ToArray();
            var parts = Money.Money.Allocate(new Money.Money(total), weights);
            var sum = weights.Sum();
            var exactOk = parts.Select((p, k) => Math.Abs(p.Fen - (total * weights[k] / sum)) < 1m).All(x => x);
            return parts.Sum(p => p.Fen) == total && exactOk;
        });

    [Fact]
    public void Allocate_EqualRemainders_GoToTheEarlierParty() =>
        // 1 fen over equal weights: the first party (the guarantor's place in 4222) gets it.
        Assert.Equal([1L, 0L, 0L], Money.Money.Allocate(new Money.Money(1), [1m, 1m, 1m]).Select(p => p.Fen));
}
