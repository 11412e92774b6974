using static Microsoft.Playwright.Assertions;

namespace Rongtong.BrowserTests;

public sealed class GuaranteePagesTests(AppServer app)
{
    [Fact]
    public async Task Evaluation_ShowsEveryGuarantorWithItsScoreTheChartsAndTheExport()
    {
        var (context, page) = await app.NewPageAsync();
        await using var _ = context;

        var shell = await new LoginPage(page).SignInAsync("regulator@demo.local");
        await page.ScreenshotAsync(new() { Path = "/tmp/rt-home.png" });
        await shell.NavLink(Zh.T["nav.evaluation"]).ClickAsync();
        await shell.Heading(Zh.T["eval.title"]).WaitForAsync();

        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Row, new() { Name = "杭州市融资担保集团" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Row, new() { Name = "桐庐县融资担保有限公司" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Img, new() { Name = Zh.T["eval.scores"] }).Locator("canvas")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Img, new() { Name = Zh.T["eval.target"] }).Locator("canvas")).ToHaveCountAsync(1);
        await page.GetByLabel(Zh.T["common.from"]).FillAsync("2023-01-01");
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = Zh.T["common.export"] }))
            .ToHaveAttributeAsync("href", "/api/v1/guarantors/evaluation.xlsx?from=2023-01-01&to=2023-06-30");
        await page.ScreenshotAsync(new() { Path = "/tmp/rt-eval.png", FullPage = true });
    }

    [Fact]
    public async Task BatchAgreement_SignedByTheGuarantorChecker_IsListedForTheBank()
    {
        var (context, page) = await app.NewPageAsync();
        await using var _ = context;

        var shell = await new LoginPage(page).SignInAsync("guarantor-checker@demo.local");
        await shell.NavLink(Zh.T["nav.batches"]).ClickAsync();
        await shell.Heading(Zh.T["batch.title"]).WaitForAsync();
        await page.GetByLabel(Zh.T["gu.bank"]).SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Label = "钱塘商业银行" });
        await page.GetByLabel(Zh.T["batch.totalLimit"]).FillAsync("12345678.90");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = Zh.T["batch.createButton"] }).ClickAsync();
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Status)).ToContainTextAsync("#");

        var (bankContext, bank) = await app.NewPageAsync();
        await using var __ = bankContext;
        var bankShell = await new LoginPage(bank).SignInAsync("bank2@demo.local");
        await bankShell.NavLink(Zh.T["nav.batches"]).ClickAsync();
        await Expect(bank.GetByRole(Microsoft.Playwright.AriaRole.Row).Filter(new() { HasText = "12345678.90" })).ToContainTextAsync("杭州市融资担保集团");
    }
}
