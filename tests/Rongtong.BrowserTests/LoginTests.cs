using static Microsoft.Playwright.Assertions;

namespace Rongtong.BrowserTests;

public sealed class LoginTests(AppServer app)
{
    [Fact]
    public async Task SignIn_WithTheDemoPassword_OpensTheDashboardWithItsCharts()
    {
        var (context, page) = await app.NewPageAsync();
        await using var _ = context;

        var shell = await new LoginPage(page).SignInAsync("regulator@demo.local");

        await Expect(page.GetByTestId("business-date")).ToHaveTextAsync("2023-06-30");
        // 300 demo enterprises, plus any a concurrent import test added.
        var visible = int.Parse((await page.GetByTestId("enterprise-count").TextContentAsync())!.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(visible, 300, 400);
        // Both ECharts charts drew into their canvases (ECharts came from npm at build time).
        await Expect(page.Locator(".rt-chart canvas")).ToHaveCountAsync(2);
        await Expect(shell.NavLink(Zh.T["nav.imports"])).ToBeVisibleAsync();
        await Expect(page.GetByText("regulator@demo.local")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_SaysSoAndStaysOnTheLoginPage()
    {
        var (context, page) = await app.NewPageAsync();
        await using var _ = context;
        var login = new LoginPage(page);

        await login.OpenAsync();
        await login.SubmitAsync("bank2@demo.local", "not-the-password");

        await Expect(login.Error).ToHaveTextAsync(Zh.T["login.invalid"]);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?error=invalid"));
        await Expect(login.Email).ToHaveValueAsync("bank2@demo.local");
    }

    [Fact]
    public async Task Navigation_ForABank_HidesTheRegulatorsPages()
    {
        var (context, page) = await app.NewPageAsync();
        await using var _ = context;

        var shell = await new LoginPage(page).SignInAsync("bank1@demo.local");

        await Expect(shell.NavLink(Zh.T["nav.enterprises"])).ToBeVisibleAsync();
        await Expect(shell.NavLink(Zh.T["nav.consents"])).ToBeVisibleAsync();
        await Expect(shell.NavLink(Zh.T["nav.imports"])).ToHaveCountAsync(0);
        await Expect(shell.NavLink(Zh.T["nav.platform"])).ToHaveCountAsync(0);
    }
}
