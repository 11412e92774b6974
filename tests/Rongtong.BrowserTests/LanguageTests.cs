using static Microsoft.Playwright.Assertions;

namespace Rongtong.BrowserTests;

public sealed class LanguageTests(AppServer app)
{
    [Fact]
    public async Task LanguageSwitch_ChangesTheVisibleWordsBothWays()
    {
        var (context, page) = await app.NewPageAsync();
        await using var _ = context;

        var shell = await new LoginPage(page).SignInAsync("regulator@demo.local");
        await Expect(shell.NavLink("企业名录")).ToBeVisibleAsync();

        await shell.LanguageSwitch("English").ClickAsync();
        await Expect(shell.Heading("Key enterprises overview")).ToBeVisibleAsync();
        await Expect(shell.NavLink("Enterprises")).ToBeVisibleAsync();
        await Expect(shell.NavLink("企业名录")).ToHaveCountAsync(0);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await shell.LanguageSwitch("中文").ClickAsync();
        await Expect(shell.Heading("重点企业概览")).ToBeVisibleAsync();
        await Expect(shell.NavLink("企业名录")).ToBeVisibleAsync();
    }
}
