using CsCheck;
using Rongtong.Domain.Registry;

namespace Rongtong.Domain.Tests;

public class UsccTests
{
    [Theory]
    [InlineData("91330106MA2B0XXXXR")]
    [InlineData("91330100MA27Y5EU1M")]
    [InlineData("91110000100000000")]
    public void Validate_AcceptsCodesCompletedWithTheirCheckCharacter(string stem)
    {
        var code = stem[..17] + Uscc.CheckCharacter(stem.AsSpan(0, 17));
        Assert.Null(Uscc.Validate(code));
        Assert.True(Uscc.IsValid(System.Text.Encoding.ASCII.GetBytes(code)));
    }

    [Theory]
    [InlineData("91330106MA2B0XXXXX", "check character")]
    [InlineData("91330106MA2B0XXXX", "18 characters")]
    [InlineData("91330106MA2B0XXXXRR", "18 characters")]
    [InlineData("91330106MA2B0IXXXR", "position 14")]
    [InlineData("91330106ma2b0xxxxr", "position 9")]
    [InlineData("", "18 characters")]
    public void Validate_NamesWhatIsWrong(string code, string fragment)
    {
        var error = Uscc.Validate(code);
        Assert.NotNull(error);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AnySingleCharacterChange_IsDetected()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        Gen.Select(Gen.Int[0, 16], Gen.Int[1, 30]).Sample((position, shift) =>
        {
            var code = "91330106MA2B0XXXXR".ToCharArray();
            code[position] = alphabet[(alphabet.IndexOf(code[position], StringComparison.Ordinal) + shift) % 31];
            return Uscc.Validate(new string(code)) is not null;
        });
    }

    [Fact]
    public void Pack_IsLosslessForDistinctCodes()
    {
        var a = Uscc.Pack("91330106MA2B0XXXXR".AsSpan());
        var b = Uscc.Pack("91330100MA27Y5EU1M".AsSpan());
        Assert.NotEqual(a, b);
        Assert.Equal(a, Uscc.Pack("91330106MA2B0XXXXR"u8));
    }
}
