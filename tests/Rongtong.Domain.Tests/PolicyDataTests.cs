using System.Text.RegularExpressions;
using Rongtong.Domain.Policy;

namespace Rongtong.Domain.Tests;

public partial class PolicyDataTests
{
    private const string Parameters = "HZ-2021-20/parameters.csv";

    [Fact]
    public void ShippedData_HasOneVersionForTheDocumentsPeriod()
    {
        var v = Assert.Single(TestPolicy.Catalog.Versions);
        Assert.Equal("HZ-2021-20", v.Id);
        Assert.Equal(new DateOnly(2021, 5, 6), v.Period.From);
        Assert.Equal(new DateOnly(2024, 5, 5), v.Period.To);
        Assert.Equal("杭政办函〔2021〕20号", v.DocumentNumber);
    }

    [Fact]
    public void EveryParameterQuote_AppearsInThePolicyDocument()
    {
        var document = Squash(File.ReadAllText(Path.Combine(TestPolicy.Directory, "HZ-2021-20", "document.txt")));
        var v = TestPolicy.Version;
        Assert.Contains(Squash(v.PeriodClause.Quote), document, StringComparison.Ordinal);
        foreach (var key in v.Keys)
        {
            foreach (var p in v.History(key))
            {
                Assert.True(document.Contains(Squash(p.Clause.Quote), StringComparison.Ordinal), $"{key}: quote not in the document: {p.Clause.Quote}");
            }
        }
    }

    [Theory]
    [InlineData(5430, true)]
    [InlineData(6311, true)]
    [InlineData(6513, true)]
    [InlineData(7240, true)]
    [InlineData(7320, true)]
    [InlineData(7491, true)]
    [InlineData(111, false)]
    [InlineData(4710, false)]
    [InlineData(5211, false)]
    [InlineData(6210, false)]
    [InlineData(7010, false)]
    [InlineData(8010, false)]
    [InlineData(8321, false)]
    [InlineData(8810, false)]
    public void ProducerServicesTable_AnswersTheCodesOfPolicyP1(int code, bool expected) =>
        Assert.Equal(expected, TestPolicy.Catalog.Tables.IsProducerService(code));

    [Fact]
    public void Loader_RefusesOverlappingPeriodsOfOneParameter_NamingFileAndLine()
    {
        var text = TestPolicy.Read(Parameters)! +
                   "fee.annual_cap,0.02,2022-01-01,2022-12-31,三(二),融资担保费率原则上不超过1%\n";
        var e = Assert.Throws<PolicyDataException>(() => TestPolicy.LoadWith(Parameters, text));
        Assert.Equal(Parameters, e.File);
        Assert.Equal(text.Split('\n').Length - 1, e.Line);
        Assert.Contains("overlaps", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loader_RefusesAValueWithoutAClause()
    {
        var text = TestPolicy.Read(Parameters)!.Replace("fee.day_count_basis,365,,,三(二),融资担保费率原则上不超过1%", "fee.day_count_basis,365,,,,", StringComparison.Ordinal);
        var e = Assert.Throws<PolicyDataException>(() => TestPolicy.LoadWith(Parameters, text));
        Assert.Contains("no clause", e.Message, StringComparison.Ordinal);
        Assert.Equal(8, e.Line);
    }

    [Fact]
    public void Loader_RefusesSharesThatDoNotSumToOne()
    {
        var text = TestPolicy.Read(Parameters)!.Replace("risk_share.bank,0.2,", "risk_share.bank,0.1,", StringComparison.Ordinal);
        var e = Assert.Throws<PolicyDataException>(() => TestPolicy.LoadWith(Parameters, text));
        Assert.Contains("sum to 0.9", e.Message, StringComparison.Ordinal);
        Assert.Equal(Parameters, e.File);
    }

    [Fact]
    public void Loader_RefusesOverlappingVersionsOfOneLine()
    {
        var text = TestPolicy.Read(PolicyCatalog.VersionsFile)! +
                   "HZ-2024-X,HZ-FINANCE-SUPPORT,延续,X,2024-05-01,2027-05-05,施行期,本措施自2021年5月6日起施行，有效期3年\n";
        var e = Assert.Throws<PolicyDataException>(() => TestPolicy.LoadWith(PolicyCatalog.VersionsFile, text));
        Assert.Equal(3, e.Line);
        Assert.Contains("overlaps version 'HZ-2021-20'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loader_RefusesAMissingRequiredParameter()
    {
        var text = string.Join('\n', TestPolicy.Read(Parameters)!.Split('\n').Where(l => !l.StartsWith("push.k,", StringComparison.Ordinal)));
        var e = Assert.Throws<PolicyDataException>(() => TestPolicy.LoadWith(Parameters, text));
        Assert.Contains("'push.k' is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loader_RefusesAHolidayRowWithABadDate()
    {
        var text = TestPolicy.Read(PolicyCatalog.HolidaysFile)! + "2026-13-01,off,元旦\n";
        var e = Assert.Throws<PolicyDataException>(() => TestPolicy.LoadWith(PolicyCatalog.HolidaysFile, text));
        Assert.Equal(PolicyCatalog.HolidaysFile, e.File);
        Assert.Contains("YYYY-MM-DD", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_CanChangeWithinAVersion_ByDate()
    {
        var text = TestPolicy.Read(Parameters)!.Replace(
            "fee.annual_cap,0.01,,,三(二),融资担保费率原则上不超过1%",
            "fee.annual_cap,0.01,2021-05-06,2022-12-31,三(二),融资担保费率原则上不超过1%\nfee.annual_cap,0.008,2023-01-01,2024-05-05,三(二),融资担保费率原则上不超过1%",
            StringComparison.Ordinal);
        var v = TestPolicy.LoadWith(Parameters, text).Versions[0];
        Assert.Equal(0.01m, v.Get(ParameterKeys.FeeAnnualCap, new DateOnly(2022, 12, 31)).AsDecimal());
        Assert.Equal(0.008m, v.Get(ParameterKeys.FeeAnnualCap, new DateOnly(2023, 1, 1)).AsDecimal());
    }

    private static string Squash(string s) => Whitespace().Replace(s, "");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
