using static Microsoft.Playwright.Assertions;

namespace Rongtong.BrowserTests;

public sealed class EnterpriseTests(AppServer app)
{
    [Fact]
    public async Task Search_ByName_FindsTheEnterpriseAndOpensIt()
    {
        var (context, page) = await app.NewPageAsync();
        await using var _ = context;
        var target = DemoData.InHangzhou();

        var shell = await new LoginPage(page).SignInAsync("regulator@demo.local");
        var list = await shell.OpenEnterprisesAsync();
        await list.SearchAsync(target.Name);

        await Expect(list.Row(target.Uscc)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("result-count")).Not.ToContainTextAsync(" 300 ");
        var detail = await list.OpenAsync(target.Uscc, target.Name);
        await Expect(page.GetByText(target.Uscc).First).ToBeVisibleAsync();
        await Expect(detail.ExplanationTree).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Explanation_ShowsEachTestWithItsOutcomeAndTheQuotedClause()
    {
        var (context, page) = await app.NewPageAsync();
        await using var _ = context;
        var target = DemoData.InHangzhou(skip: 1);

        var shell = await new LoginPage(page).SignInAsync("regulator@demo.local");
        var list = await shell.OpenEnterprisesAsync();
        await list.SearchAsync(target.Uscc);
        var detail = await list.OpenAsync(target.Uscc, target.Name);

        var quota = detail.Node("quota");
        await Expect(quota).ToContainTextAsync("以企业前3年纳税总额为限");
        await Expect(quota).ToContainTextAsync("三(二)");
        await Expect(detail.Node("location.registered").Locator(".rt-outcome").First).ToHaveTextAsync(Zh.T["outcome.pass"]);
        await Expect(detail.Node("location.registered")).ToContainTextAsync(target.RegisteredRegion);
        await Expect(detail.Node("policy_in_force")).ToContainTextAsync("施行");
    }

    [Fact]
    public async Task Enterprise_NotConsentedToABank_ShowsNotFound()
    {
        var (context, page) = await app.NewPageAsync();
        await using var _ = context;

        await new LoginPage(page).SignInAsync("bank2@demo.local");
        await page.GotoAsync("/enterprises/250");

        await Expect(new EnterprisePage(page).NotFound).ToBeVisibleAsync();
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.List, new() { Name = Zh.T["ent.explanation"] })).ToHaveCountAsync(0);
    }
}
