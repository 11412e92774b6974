using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Rongtong.BrowserTests;

/// <summary>The enterprise's loan demands: the posting form and each demand with its pushes and why each bank.</summary>
internal sealed partial class DemandsPage(IPage page)
{
    public ILocator Result => page.GetByTestId("credit-result");

    public static async Task<DemandsPage> OpenAsync(ShellPage shell)
    {
        await shell.NavLink(Zh.T["credit.nav.demands"]).ClickAsync();
        await shell.Heading(Zh.T["credit.demands.title"]).WaitForAsync();
        return new DemandsPage(shell.Page);
    }

    public async Task ReloadAsync()
    {
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = Zh.T["credit.demands.title"], Level = 1 }).WaitForAsync();
    }

    /// <summary>Posts a demand and returns its number (from the demand's section that shows the purpose).</summary>
    public async Task<long> PostAsync(string amount, int termMonths, bool unsecured, string purpose)
    {
        await page.GetByLabel(Zh.T["credit.amount"], new() { Exact = true }).FillAsync(amount);
        await page.GetByLabel(Zh.T["credit.termMonths"], new() { Exact = true }).FillAsync(termMonths.ToString(CultureInfo.InvariantCulture));
        await page.GetByLabel(Zh.T["credit.unsecured"], new() { Exact = true }).SetCheckedAsync(unsecured);
        await page.GetByLabel(Zh.T["credit.purpose"], new() { Exact = true }).FillAsync(purpose);
        await page.GetByRole(AriaRole.Button, new() { Name = Zh.T["credit.demands.submit"] }).ClickAsync();
        var demand = Demand(purpose);
        await demand.WaitForAsync();
        var title = await demand.GetByRole(AriaRole.Heading).TextContentAsync() ?? "";
        return long.Parse(Number().Match(title).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The section (region) of the demand whose purpose is <paramref name="purpose"/>.</summary>
    public ILocator Demand(string purpose) => page.GetByRole(AriaRole.Region).Filter(new() { HasText = purpose });

    public static ILocator State(ILocator demand) => demand.GetByTestId("demand-state");

    public static ILocator Pushes(ILocator demand) => demand.GetByRole(AriaRole.Table).First.Locator(":scope > tbody > tr");

    public static ILocator Why(ILocator demand) => demand.GetByRole(AriaRole.Table, new() { Name = Zh.T["credit.why"] });

    [GeneratedRegex("#(\\d+)")]
    private static partial Regex Number();
}

/// <summary>The bank's inbox of pushed demands: the response clock, the answers and the loan.</summary>
internal sealed class InboxPage(IPage page)
{
    public ILocator Result => page.GetByTestId("credit-result");

    public ILocator Export => page.GetByRole(AriaRole.Link, new() { Name = Zh.T["common.export"] });

    public static async Task<InboxPage> OpenAsync(ShellPage shell)
    {
        await shell.NavLink(Zh.T["credit.nav.inbox"]).ClickAsync();
        await shell.Heading(Zh.T["credit.inbox.title"]).WaitForAsync();
        return new InboxPage(shell.Page);
    }

    /// <summary>The row of the push of demand <paramref name="demandId"/> (a demand goes to a bank at most once).</summary>
    public ILocator Row(long demandId) => page.GetByRole(AriaRole.Row).Filter(new()
    {
        Has = page.GetByRole(AriaRole.Cell, new() { Name = $"{Zh.T["credit.demand"]} #{demandId}", Exact = true }),
    });

    public static ILocator State(ILocator row) => row.GetByTestId("push-state");

    public static ILocator Clock(ILocator row) => row.GetByTestId("push-sla");

    /// <summary>Clicks an answer button in the push's row and waits for the outcome message.</summary>
    public async Task AnswerAsync(ILocator row, string buttonWord)
    {
        await row.GetByRole(AriaRole.Button, new() { Name = Zh.T[buttonWord], Exact = true }).ClickAsync();
        await Result.WaitForAsync();
    }

    public ILocator Field(string word) => page.GetByLabel(Zh.T[word], new() { Exact = true });

    public async Task RecordLoanAsync(ILocator row)
    {
        await row.GetByRole(AriaRole.Button, new() { Name = Zh.T["credit.inbox.recordLoan"], Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = Zh.T["credit.loan.submit"] }).ClickAsync();
        await Result.WaitForAsync();
    }
}

/// <summary>The regulator's funnel page: the batch buttons, the funnel and the overdue queue.</summary>
internal sealed class FunnelPage(IPage page)
{
    public ILocator Result => page.GetByTestId("credit-result");

    public ILocator Chart => page.GetByRole(AriaRole.Img, new() { Name = Zh.T["credit.funnel.chart"] });

    public ILocator Stage(string name) => page.GetByTestId("stage-" + name);

    public static async Task<FunnelPage> OpenAsync(ShellPage shell)
    {
        await shell.NavLink(Zh.T["credit.nav.funnel"]).ClickAsync();
        await shell.Heading(Zh.T["credit.funnel.title"]).WaitForAsync();
        return new FunnelPage(shell.Page);
    }

    /// <summary>Runs the batch push now and returns how many demands it reached.</summary>
    public async Task<int> RunPushAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = Zh.T["credit.funnel.runPush"] }).ClickAsync();
        await Result.WaitForAsync();
        return int.Parse(await page.GetByTestId("push-reached").TextContentAsync() ?? "", CultureInfo.InvariantCulture);
    }
}
