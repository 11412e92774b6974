using Rongtong.Application.Features.Demo;
using static Microsoft.Playwright.Assertions;

namespace Rongtong.BrowserTests;

public sealed class CreditTests(AppServer app)
{
    [Fact]
    public async Task Demand_FromPostingThroughPushAndClaimToDisbursement_ByTheDemoAccountsInTheBrowser()
    {
        var (enterpriseContext, enterprise) = await app.NewPageAsync();
        var (regulatorContext, regulator) = await app.NewPageAsync();
        var (bankContext, bank) = await app.NewPageAsync();
        await using var c1 = enterpriseContext;
        await using var c2 = regulatorContext;
        await using var c3 = bankContext;
        var purpose = "流动资金 browser " + Guid.NewGuid().ToString("N")[..8];

        // The enterprise posts a demand the demo banks' products fit (首贷通 and 科技积分贷: 2,000,000 yuan, 24 months, unsecured).
        var demands = await DemandsPage.OpenAsync(await new LoginPage(enterprise).SignInAsync("enterprise1@demo.local"));
        var demandId = await demands.PostAsync("2000000.00", 24, unsecured: true, purpose);
        await Expect(demands.Result).ToHaveAttributeAsync("role", "status");
        var demand = demands.Demand(purpose);
        await Expect(DemandsPage.State(demand)).ToHaveTextAsync(Zh.T["credit.demandState.open"]);

        // The regulator runs the batch push now; the funnel counts it.
        var funnel = await FunnelPage.OpenAsync(await new LoginPage(regulator).SignInAsync("regulator@demo.local"));
        await Expect(funnel.Chart).ToBeVisibleAsync();
        Assert.True(await funnel.RunPushAsync() > 0);
        await Expect(funnel.Result).ToHaveAttributeAsync("role", "status");
        await Expect(funnel.Stage("pushed")).Not.ToHaveTextAsync("0");

        // The enterprise sees which banks it went to, and why each.
        await demands.ReloadAsync();
        await Expect(DemandsPage.State(demand)).ToHaveTextAsync(Zh.T["credit.demandState.pushed"]);
        var firstPush = DemandsPage.Pushes(demand).First;
        await Expect(firstPush.GetByTestId("push-state")).ToHaveTextAsync(Zh.T["credit.pushState.pushed"]);
        await Expect(DemandsPage.Why(demand).First).ToContainTextAsync(Zh.T["credit.fit.amount"]);
        var bankName = (await firstPush.GetByTestId("push-bank").TextContentAsync())!.Trim();
        var bank1 = SeedDemo.Organisations.Single(o => o.Code == "BANK-1").Name;
        var bank2 = SeedDemo.Organisations.Single(o => o.Code == "BANK-2").Name;
        Assert.Contains(bankName, new[] { bank1, bank2 });

        // That bank claims within the clock (2 business days from Friday 2023-06-30: Tuesday), grants and records the loan.
        var inbox = await InboxPage.OpenAsync(await new LoginPage(bank).SignInAsync(bankName == bank1 ? "bank1@demo.local" : "bank2@demo.local"));
        await Expect(inbox.Export).ToHaveAttributeAsync("href", "/api/v1/credit/pushes.xlsx");
        var row = inbox.Row(demandId);
        await Expect(InboxPage.State(row)).ToHaveTextAsync(Zh.T["credit.pushState.pushed"]);
        await Expect(InboxPage.Clock(row)).ToHaveTextAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Zh.T["credit.sla.left"], 2));

        await inbox.AnswerAsync(row, "credit.inbox.claim");
        await Expect(InboxPage.State(row)).ToHaveTextAsync(Zh.T["credit.pushState.claimed"]);
        await Expect(InboxPage.Clock(row)).ToHaveAttributeAsync("data-days", "7");

        // Once granted, the only step left is the loan.
        await inbox.AnswerAsync(row, "credit.inbox.grant");
        await Expect(InboxPage.State(row)).ToHaveTextAsync(Zh.T["credit.pushState.granted"]);
        await Expect(row.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = Zh.T["credit.inbox.grant"] })).ToHaveCountAsync(0);

        await inbox.RecordLoanAsync(row);
        await Expect(inbox.Result).ToHaveAttributeAsync("role", "status");
        await Expect(InboxPage.State(row)).ToHaveTextAsync(Zh.T["credit.pushState.disbursed"]);

        // The enterprise sees its demand disbursed by that bank.
        await demands.ReloadAsync();
        await Expect(DemandsPage.State(demand)).ToHaveTextAsync(Zh.T["credit.demandState.disbursed"]);
        await Expect(DemandsPage.Pushes(demand).Filter(new() { HasText = bankName }).GetByTestId("push-state")).ToHaveTextAsync(Zh.T["credit.pushState.disbursed"]);
    }
}
