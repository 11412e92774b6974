using System.Text;
using static Microsoft.Playwright.Assertions;

namespace Rongtong.BrowserTests;

public sealed class ImportTests(AppServer app)
{
    private const string Header = "uscc,name,industry_code,key_industry,registered_region,tax_region,operating_region,outsourced_production,output_counted_in_hangzhou,tax_credit_rating,high_tech,tech_sme";

    [Fact]
    public async Task Import_WithABadRow_ShowsProgressToDoneAndAnErrorReportNamingTheRow()
    {
        var (context, page) = await app.NewPageAsync();
        await using var _ = context;
        var good1 = DemoData.NewUscc();
        var good2 = DemoData.NewUscc();
        var csv = new StringBuilder()
            .AppendLine(Header)
            .AppendLine($"{good1},浏览器测试导入甲有限公司,3911,,330106,330106,330106,false,false,A,true,false")
            .AppendLine("91330106BADCODE00X,浏览器测试导入坏行公司,3911,,330106,330106,330106,false,false,A,false,false")
            .AppendLine($"{good2},浏览器测试导入乙有限公司,3911,,330106,330106,330106,false,false,B,false,true")
            .ToString();

        var shell = await new LoginPage(page).SignInAsync("regulator@demo.local");
        var imports = await shell.OpenImportsAsync();
        await imports.UploadAsync(Zh.T["import.enterprises"], "enterprises-browser.csv", Encoding.UTF8.GetBytes(csv));

        await Expect(imports.Status).ToContainTextAsync(Zh.T["import.phase.done"], new() { Timeout = 60_000 });
        await Expect(imports.Progress).ToHaveAttributeAsync("value", "100");
        await Expect(imports.Result).ToContainTextAsync(Zh.T["import.failed"]);
        await Expect(imports.Result.Locator("tr", new() { HasText = Zh.T["import.inserted"] })).ToContainTextAsync("2");

        var report = await imports.DownloadAsync(imports.ErrorReportCsv);
        var lines = report.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line,column,message", lines[0]);
        Assert.Contains(lines.Skip(1), l => l.StartsWith("3,uscc,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("2,", StringComparison.Ordinal) || l.StartsWith("4,", StringComparison.Ordinal));
        await Expect(imports.ErrorReportXlsx).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("/errors\\.xlsx$"));
    }
}
