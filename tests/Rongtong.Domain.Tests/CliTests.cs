using System.Text;
using System.Text.Json;

namespace Rongtong.Domain.Tests;

/// <summary>The <c>rongtong</c> contract of INTERFACES.md, run in process with real files.</summary>
public sealed class CliTests : IDisposable
{
    private const string Header = "uscc,name,industry_code,key_industry,registered_region,tax_region,operating_region,outsourced_production,output_counted_in_hangzhou,tax_credit_rating,high_tech,tech_sme";
    private const string A = "91330106MA2B0XXXXR"; // valid
    private const string B = "91330100MA27Y5EU1M"; // valid
    private readonly string _dir = Directory.CreateTempSubdirectory("rongtong-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text, bool bom = false)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Cli.Cli.MainAsync(args, stdout, stderr, TimeProvider.System);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<(int Code, string[] Rows, string Err)> Determine(string enterprises, string taxes, string asOf = "2023-06-30", bool bom = false)
    {
        var e = Write("e.csv", enterprises, bom);
        var t = Write("t.csv", taxes);
        var o = Path.Combine(_dir, "out.csv");
        var (code, _, err) = await Run("determine", "--enterprises", e, "--taxes", t, "--as-of", asOf, "--output", o);
        return (code, File.Exists(o) ? File.ReadAllText(o).Split('\n', StringSplitOptions.RemoveEmptyEntries) : [], err);
    }

    private const string Taxes = $"uscc,year,tax_paid\n{A},2020,100.00\n{A},2021,200.00\n{A},2022,300.50\n{B},2022,10.00\n";

    [Fact]
    public async Task Determine_WritesOneRowPerInputRow_InInputOrder()
    {
        var (code, rows, err) = await Determine(
            $"{Header}\n{A},\"Acme, Ltd\",1311,,330106,330106,330106,false,false,A,true,false\n" +
            $"{B},\"多行\n名称\",6513,,330106,330106,310101,true,true,B,false,false\n", Taxes);
        Assert.Equal(0, code);
        Assert.Equal(
        [
            "uscc,status,key_enterprise,sector_basis,quota_exceedable,guarantee_quota,reasons,error",
            $"{A},ok,true,MANUFACTURING,true,600.50,,",
            $"{B},ok,true,PRODUCER_SERVICE,false,10.00,OPS_OUTSOURCED_COUNTED;TAX_YEAR_MISSING,",
        ], rows);
        Assert.Contains("2 enterprises (2 ok, 0 invalid, 2 key)", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Determine_OutsideThePolicyPeriod_SaysSoPerRow()
    {
        var (code, rows, _) = await Determine($"{Header}\n{A},x,1311,,330106,330106,330106,false,false,A,true,false\n", Taxes, asOf: "2024-05-06");
        Assert.Equal(0, code);
        Assert.Equal($"{A},ok,false,NONE,false,,POLICY_NOT_IN_FORCE,", rows[1]);
    }

    [Fact]
    public async Task Determine_InvalidRowsKeepTheirPlace_AndTheRunGoesOn()
    {
        var (code, rows, err) = await Determine(
            $"{Header}\n" +
            $"91330106MA2B0XXXXX,bad check,1311,,330106,330106,330106,false,false,A,true,false\n" +
            $"{A},ok,1311,,330106,330106,330106,false,false,A,true,false\n" +
            $"{A},dup,1311,,330106,330106,330106,false,false,A,true,false\n" +
            $"{B},bad fields,99,XX,3301,330106,330106,yes,false,Z,true,false\n" +
            $"{B},short,1311\n", Taxes);
        Assert.Equal(0, code);
        Assert.Equal(6, rows.Length);
        Assert.StartsWith("91330106MA2B0XXXXX,invalid,false,NONE,false,,,", rows[1], StringComparison.Ordinal);
        Assert.Contains("check character", rows[1], StringComparison.Ordinal);
        Assert.StartsWith($"{A},ok,true,", rows[2], StringComparison.Ordinal);
        Assert.Contains("duplicate uscc: the same code is on line 3", rows[3], StringComparison.Ordinal);
        Assert.Contains("industry_code: '99'", rows[4], StringComparison.Ordinal);
        Assert.Contains("key_industry: 'XX'", rows[4], StringComparison.Ordinal);
        Assert.Contains("registered_region: '3301'", rows[4], StringComparison.Ordinal);
        Assert.Contains("outsourced_production: 'yes'", rows[4], StringComparison.Ordinal);
        Assert.Contains("tax_credit_rating: 'Z'", rows[4], StringComparison.Ordinal);
        Assert.Contains("line 6: duplicate uscc: the same code is on line 5; row has 3 fields, the header has 12", rows[5], StringComparison.Ordinal);
        Assert.Contains("(1 ok, 4 invalid, 1 key)", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Determine_ReadsAByteOrderMarkAndColumnsInAnyOrder()
    {
        var header = "tech_sme,high_tech,tax_credit_rating,output_counted_in_hangzhou,outsourced_production,operating_region,tax_region,registered_region,key_industry,industry_code,name,uscc,extra";
        var (code, rows, _) = await Determine($"{header}\nfalse,true,A,false,false,330106,330106,330106,AI,8810,x,{A},ignored\n", Taxes, bom: true);
        Assert.Equal(0, code);
        Assert.Equal($"{A},ok,true,KEY_INDUSTRY,true,600.50,,", rows[1]);
    }

    [Fact]
    public async Task Determine_MissingColumn_Exits2NamingFileAndLine()
    {
        var (code, _, err) = await Determine("uscc,name\n" + A + ",x\n", Taxes);
        Assert.Equal(2, code);
        Assert.Contains("e.csv:1: required column 'industry_code' is missing", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Determine_EmptyFile_Exits2()
    {
        var (code, _, err) = await Determine("", Taxes);
        Assert.Equal(2, code);
        Assert.Contains("e.csv:1: the file is empty", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Determine_BadAsOfDate_Exits2()
    {
        var (code, _, err) = await Determine($"{Header}\n", Taxes, asOf: "2023-02-30");
        Assert.Equal(2, code);
        Assert.Contains("--as-of: '2023-02-30' is not a date", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Determine_BadAndUnknownTaxRows_AreReportedWithLineNumbers_AndCounted()
    {
        var taxes = "uscc,year,tax_paid\n" +
                    $"{A},2022,abc\n" +          // line 2 bad number
                    $"{A},20x2,1.00\n" +         // line 3 bad year
                    $"{A},2021,1.00\n" +         // line 4 ok
                    $"{A},2021,2.00\n" +         // line 5 duplicate year
                    "91330100MA27Y5EU1M,2022,5.00\n" + // line 6 unknown enterprise (B not in the registry)
                    $"{A},2019,9.00\n" +         // line 7 outside the window
                    $"{A},2020,-1.00\n";         // line 8 negative
        var (code, rows, err) = await Determine($"{Header}\n{A},x,1311,,330106,330106,330106,false,false,A,true,false\n", taxes);
        Assert.Equal(0, code);
        Assert.Equal($"{A},ok,true,MANUFACTURING,true,1.00,TAX_YEAR_MISSING,", rows[1]);
        Assert.Contains("t.csv:2:3: tax_paid:", err, StringComparison.Ordinal);
        Assert.Contains("t.csv:3:2: year: '20x2'", err, StringComparison.Ordinal);
        Assert.Contains("t.csv:5: a second row", err, StringComparison.Ordinal);
        Assert.Contains("t.csv:6: no enterprise with this uscc in e.csv", err, StringComparison.Ordinal);
        Assert.Contains("t.csv:8:3: tax_paid:", err, StringComparison.Ordinal);
        Assert.Contains("taxes: 7 rows (4 bad, 1 for unknown enterprises, 1 outside the window)", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Determine_MissingFile_Exits2()
    {
        var (code, _, err) = await Run("determine", "--enterprises", Path.Combine(_dir, "none.csv"), "--taxes", "x", "--output", "y");
        Assert.Equal(2, code);
        Assert.Contains("none.csv: cannot be read", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_PrintsTheTreeWithClauses()
    {
        var e = Write("e.csv", $"{Header}\n{A},x,1311,,330106,330106,330106,false,false,A,true,false\n");
        var t = Write("t.csv", Taxes);
        var (code, stdout, _) = await Run("explain", "--uscc", A, "--enterprises", e, "--taxes", t, "--as-of", "2023-06-30");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("key_enterprise", root.GetProperty("test").GetString());
        Assert.Equal("pass", root.GetProperty("outcome").GetString());
        var quota = root.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("test").GetString() == "quota");
        Assert.Equal("600.50", quota.GetProperty("outcome").GetString());
        Assert.Equal("200.00", quota.GetProperty("inputs").GetProperty("tax_paid_2021").GetString());
        Assert.Equal("三(二)", quota.GetProperty("clause").GetProperty("number").GetString());
        Assert.Contains("前3年纳税总额", quota.GetProperty("clause").GetProperty("quote").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_UnknownEnterprise_Exits2()
    {
        var e = Write("e.csv", $"{Header}\n");
        var t = Write("t.csv", Taxes);
        var (code, _, err) = await Run("explain", "--uscc", A, "--enterprises", e, "--taxes", t);
        Assert.Equal(2, code);
        Assert.Contains($"no row with uscc {A}", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.03", "{\"guarantor\":\"0.01\",\"national_fund\":\"0.01\",\"provincial_reguarantee\":\"0.01\",\"bank\":\"0.00\"}")]
    [InlineData("1000000.00", "{\"guarantor\":\"400000.00\",\"national_fund\":\"200000.00\",\"provincial_reguarantee\":\"200000.00\",\"bank\":\"200000.00\"}")]
    public async Task PolicySplit_PrintsTheFourShares(string amount, string json)
    {
        var (code, stdout, _) = await Run("policy", "split", "--amount", amount, "--as-of", "2023-06-30");
        Assert.Equal(0, code);
        Assert.Equal(json, stdout.Trim());
    }

    [Theory]
    [InlineData("0.008", "{\"fee\":\"8000.00\",\"within_cap\":true}")]
    [InlineData("0.012", "{\"fee\":\"12000.00\",\"within_cap\":false}")]
    public async Task PolicyFee_PrintsFeeAndCap(string rate, string json)
    {
        var (code, stdout, _) = await Run("policy", "fee", "--principal", "1000000.00", "--rate", rate, "--start", "2023-01-01", "--end", "2024-01-01");
        Assert.Equal(0, code);
        Assert.Equal(json, stdout.Trim());
    }

    [Fact]
    public async Task PolicySupplementaryCap_RoundsDown()
    {
        var (code, stdout, _) = await Run("policy", "supplementary-cap", "--net-book-value", "333.33", "--principal", "1000.00");
        Assert.Equal(0, code);
        Assert.Equal("{\"cap\":\"166.66\"}", stdout.Trim());
    }

    [Theory]
    [InlineData("2024-09-30", "1", "2024-10-08")]
    [InlineData("2024-10-01", "0", "2024-10-08")]
    [InlineData("2024-10-08", "0", "2024-10-08")]
    public async Task CalendarAddBusinessDays_PrintsTheDate(string date, string days, string expected)
    {
        var (code, stdout, _) = await Run("calendar", "add-business-days", "--date", date, "--days", days);
        Assert.Equal(0, code);
        Assert.Equal($"{{\"date\":\"{expected}\"}}", stdout.Trim());
    }

    [Theory]
    [InlineData("calendar", "add-business-days", "--date", "2024-09-30", "--days", "-1")]
    [InlineData("calendar", "add-business-days", "--date", "2024-09-30", "--days", "2147483647")]
    [InlineData("calendar", "add-business-days", "--date", "9999-12-31", "--days", "1")]
    [InlineData("policy", "split", "--amount", "92233720368547759.99")]
    [InlineData("policy", "split", "--amount", "1.234")]
    [InlineData("policy", "fee", "--principal", "1.00", "--rate", "abc", "--start", "2023-01-01", "--end", "2024-01-01")]
    [InlineData("policy", "fee", "--principal", "1.00", "--rate", "0.01", "--start", "2024-01-01", "--end", "2023-01-01")]
    [InlineData("policy", "nosuch")]
    [InlineData("determine", "--enterprises")]
    public async Task BadUsage_Exits2WithAMessage(params string[] args)
    {
        var (code, stdout, err) = await Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("error", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsccCheck_PrintsOneLinePerCode_AndExits1WhenAnyIsInvalid()
    {
        var (code, stdout, _) = await Run("uscc", "check", A, "91330106MA2B0XXXXX");
        Assert.Equal(1, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal($"{{\"code\":\"{A}\",\"valid\":true,\"error\":null}}", lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.False(second.RootElement.GetProperty("valid").GetBoolean());
        Assert.Contains("expected 'R'", second.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsccCheck_AllValid_Exits0()
    {
        var (code, _, _) = await Run("uscc", "check", A, B);
        Assert.Equal(0, code);
    }
}
