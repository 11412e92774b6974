using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace Rongtong.BrowserTests;

public sealed class GuaranteeTests(AppServer app)
{
    private const string Guarantor = "杭州市融资担保集团";

    /// <summary>100 000.03 yuan: 4:2:2:2 of 10 000 003 分 leaves 2 分 to place by largest remainder (national fund, then provincial).</summary>
    private const string Amount = "100000.03";

    [Fact]
    public async Task Guarantee_FromApplicationToRecovery_ByTheDemoAccountsInTheBrowser()
    {
        var enterpriseId = await KeyEnterpriseWithQuotaAsync(1_000_000m);
        var (bankContext, bank) = await app.NewPageAsync();
        var (makerContext, maker) = await app.NewPageAsync();
        var (checkerContext, checker) = await app.NewPageAsync();
        var (fundContext, fund) = await app.NewPageAsync();
        await using var c1 = bankContext;
        await using var c2 = makerContext;
        await using var c3 = checkerContext;
        await using var c4 = fundContext;

        // The bank applies for its borrower, a key enterprise.
        var bankShell = await new LoginPage(bank).SignInAsync("bank1@demo.local");
        var apply = new GuaranteeApplyPage(bank);
        await apply.OpenAsync(bankShell);
        var atBank = await apply.ApplyAsync(enterpriseId, Guarantor, Amount, "0.008");
        await Expect(atBank.Status).ToHaveTextAsync(Zh.T["status.Applied"]);
        var id = atBank.Id;
        var number = (await bank.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Level = 1 }).TextContentAsync())!.Replace(Zh.T["gu.number"], "", StringComparison.Ordinal).Trim();
        Assert.Matches("^G-2023-\\d{6}$", number);
        await Expect(atBank.Checks).ToContainTextAsync("三(二)");

        // The guarantor's maker reviews; its checker, another person, approves.
        await new LoginPage(maker).SignInAsync("guarantor@demo.local");
        var atMaker = new GuaranteePage(maker);
        await atMaker.OpenAsync(id);
        await atMaker.Field("gu.note").FillAsync("材料齐全，建议同意");
        await atMaker.ActAsync("gu.review");
        await Expect(atMaker.Status).ToHaveTextAsync(Zh.T["status.Reviewed"]);

        await new LoginPage(checker).SignInAsync("guarantor-checker@demo.local");
        var atChecker = new GuaranteePage(checker);
        await atChecker.OpenAsync(id);
        await atChecker.ActAsync("gu.approve");
        await Expect(atChecker.Status).ToHaveTextAsync(Zh.T["status.Approved"]);
        await Expect(atChecker.Result).ToHaveAttributeAsync("role", "status");

        // The maker issues the letter; the PDF says what was guaranteed.
        await atMaker.OpenAsync(id);
        await atMaker.ActAsync("gu.issueLetter");
        await Expect(atMaker.Status).ToHaveTextAsync(Zh.T["status.LetterIssued"]);
        var pdf = await atMaker.DownloadLetterAsync();
        using (var document = PdfDocument.Open(pdf))
        {
            var text = string.Concat(document.GetPages().Select(p => p.Text));
            var compact = string.Concat(text.Where(ch => !char.IsWhiteSpace(ch)));
            Assert.Contains("担保函", compact, StringComparison.Ordinal);
            Assert.Contains(number, compact, StringComparison.Ordinal);
            Assert.Contains(Amount, compact, StringComparison.Ordinal);
        }

        // The bank records the loan (the guarantee comes into force), then the borrower's default.
        await atBank.OpenAsync(id);
        await Expect(atBank.Field("gu.principal")).ToHaveValueAsync(Amount);
        await atBank.ActAsync("gu.recordLoan");
        await Expect(atBank.Status).ToHaveTextAsync(Zh.T["status.InForce"]);
        await atBank.ActAsync("gu.recordDefault");
        await Expect(atBank.Status).ToHaveTextAsync(Zh.T["status.Defaulted"]);

        // The checker compensates: 4:2:2:2 exact to the 分.
        await atChecker.OpenAsync(id);
        await atChecker.ActAsync("gu.compensate");
        await Expect(atChecker.Status).ToHaveTextAsync(Zh.T["status.Compensated"]);
        await Expect(atChecker.Share("guarantor")).ToHaveTextAsync("40000.01");
        await Expect(atChecker.Share("national-fund")).ToHaveTextAsync("20000.01");
        await Expect(atChecker.Share("provincial")).ToHaveTextAsync("20000.01");
        await Expect(atChecker.Share("bank")).ToHaveTextAsync("20000.00");
        await Expect(checker.GetByTestId("guarantee-compensated")).ToHaveTextAsync(Amount);

        // The national fund confirms and pays its share.
        await new LoginPage(fund).SignInAsync("national-fund@demo.local");
        var atFund = new GuaranteePage(fund);
        await atFund.OpenAsync(id);
        await Expect(fund.GetByTestId("reguarantee-owed")).ToHaveTextAsync("20000.01");
        await atFund.ActAsync("gu.confirm");
        await Expect(atFund.Result).ToHaveAttributeAsync("role", "status");
        await Expect(atFund.Button("gu.confirm")).ToHaveCountAsync(0);

        // Its statement shows the compensation it owed and the settlement, with the Excel export.
        await new ShellPage(fund).NavLink(Zh.T["nav.ledger"]).ClickAsync();
        var lines = fund.GetByRole(Microsoft.Playwright.AriaRole.Table, new() { Name = Zh.T["ledger.lines"] });
        var payable = lines.GetByRole(Microsoft.Playwright.AriaRole.Row).Filter(new() { HasText = number }).Filter(new() { HasText = Zh.T["account.ReguaranteePayable"] });
        await Expect(payable).ToHaveCountAsync(2);
        await Expect(payable.First.GetByRole(Microsoft.Playwright.AriaRole.Cell).Nth(2)).ToHaveTextAsync(Zh.T["event.COMPENSATION"]);
        await Expect(payable.First.GetByRole(Microsoft.Playwright.AriaRole.Cell).Nth(5)).ToHaveTextAsync("-20000.01");
        await Expect(payable.Last.GetByRole(Microsoft.Playwright.AriaRole.Cell).Nth(2)).ToHaveTextAsync(Zh.T["event.REGUARANTEE_SETTLED"]);
        await Expect(payable.Last.GetByRole(Microsoft.Playwright.AriaRole.Cell).Last).ToHaveTextAsync("0.00");
        await Expect(fund.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = Zh.T["common.export"] })).ToHaveAttributeAsync("href", "/api/v1/ledger/statement.xlsx");
        await fund.ScreenshotAsync(new() { Path = "/tmp/rt-ledger.png", FullPage = true });

        // The maker records a recovery, shared back 4:2:2:2; a recovery above the loss is refused with its reason.
        await atMaker.OpenAsync(id);
        await atMaker.Field("gu.recovery").FillAsync("100000.04");
        await atMaker.ActAsync("gu.recordRecovery");
        await Expect(atMaker.Result).ToHaveAttributeAsync("role", "alert");
        await Expect(atMaker.Result).ToContainTextAsync("AMOUNT_INVALID");
        await atMaker.Field("gu.recovery").FillAsync("50000.00");
        await atMaker.ActAsync("gu.recordRecovery");
        await Expect(atMaker.Status).ToHaveTextAsync(Zh.T["status.Recovering"]);
        await Expect(atMaker.Share("guarantor")).ToHaveTextAsync("20000.00");
        await Expect(atMaker.Share("national-fund")).ToHaveTextAsync("10000.00");
        await Expect(maker.GetByTestId("guarantee-recovered")).ToHaveTextAsync("50000.00");
        await maker.ScreenshotAsync(new() { Path = "/tmp/rt-guarantee.png", FullPage = true });
    }

    /// <summary>Test setup through the API: a key enterprise whose quota covers the amount, found by the regulator.</summary>
    private async Task<long> KeyEnterpriseWithQuotaAsync(decimal atLeast)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = "regulator@demo.local", password = AppServer.Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var page = await http.GetFromJsonAsync<JsonElement>("/api/v1/enterprises?key=true&pageSize=100");
        // From the end of the list: the first key enterprises are the demo enterprise accounts, which other tests may use.
        return page.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("quota").GetString() is { } q && decimal.Parse(q, CultureInfo.InvariantCulture) >= atLeast)
            .Select(e => e.GetProperty("id").GetInt64())
            .Last();
    }
}
