using Microsoft.Playwright;
using Rongtong.Web.Components;

namespace Rongtong.BrowserTests;

/// <summary>The words of the UI in Chinese, the default language, so tests find elements by what people read.</summary>
internal static class Zh
{
    public static readonly Texts T = new("zh-CN");
}

/// <summary>The static sign-in page.</summary>
internal sealed class LoginPage(IPage page)
{
    public ILocator Email => page.GetByLabel(Zh.T["login.email"]);

    public ILocator Password => page.GetByLabel(Zh.T["login.password"]);

    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public async Task OpenAsync() => await page.GotoAsync("/login");

    public async Task SubmitAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = Zh.T["login.submit"] }).ClickAsync();
    }

    /// <summary>Signs in and waits for the interactive home page.</summary>
    public async Task<ShellPage> SignInAsync(string email)
    {
        await OpenAsync();
        await SubmitAsync(email, AppServer.Password);
        var shell = new ShellPage(page);
        // Generous: with every browser test signing in at once, the first interactive render can queue.
        await shell.Heading(Zh.T["home.title"]).WaitForAsync(new() { Timeout = 45_000 });
        return shell;
    }
}

/// <summary>The layout every signed-in page shares: navigation, user, language switch, sign-out.</summary>
internal sealed class ShellPage(IPage page)
{
    public IPage Page => page;

    public ILocator Navigation => page.GetByRole(AriaRole.Navigation);

    public ILocator NavLink(string name) => Navigation.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public ILocator Heading(string name) => page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 });

    public ILocator LanguageSwitch(string name) => page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public async Task<EnterprisesPage> OpenEnterprisesAsync()
    {
        await NavLink(Zh.T["nav.enterprises"]).ClickAsync();
        await Heading(Zh.T["nav.enterprises"]).WaitForAsync();
        return new EnterprisesPage(page);
    }

    public async Task<ImportsPage> OpenImportsAsync()
    {
        await NavLink(Zh.T["nav.imports"]).ClickAsync();
        await Heading(Zh.T["import.title"]).WaitForAsync();
        return new ImportsPage(page);
    }
}

/// <summary>The enterprise list: search box, filters, the paged table.</summary>
internal sealed class EnterprisesPage(IPage page)
{
    public ILocator SearchBox => page.GetByLabel(Zh.T["ent.search"]);

    public ILocator Rows => page.GetByRole(AriaRole.Row);

    public ILocator Row(string text) => Rows.Filter(new() { HasText = text });

    public async Task SearchAsync(string text)
    {
        await SearchBox.FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = Zh.T["ent.searchButton"] }).ClickAsync();
    }

    public async Task<EnterprisePage> OpenAsync(string uscc, string name)
    {
        await Row(uscc).GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        var detail = new EnterprisePage(page);
        await detail.Heading(name).WaitForAsync();
        return detail;
    }
}

/// <summary>One enterprise: registry, taxes, the determination's explanation tree, history.</summary>
internal sealed class EnterprisePage(IPage page)
{
    public ILocator Heading(string name) => page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 });

    public ILocator ExplanationTree => page.GetByRole(AriaRole.List, new() { Name = Zh.T["ent.explanation"] });

    /// <summary>The tree node of one test (e.g. <c>quota</c>).</summary>
    public ILocator Node(string test) => ExplanationTree.Locator($"li[data-test='{test}']");

    public ILocator NotFound => page.GetByText(Zh.T["ent.notFound"]);
}

/// <summary>The regulator's feed import: kind, file, upload with progress, counts and error report.</summary>
internal sealed class ImportsPage(IPage page)
{
    public ILocator Progress => page.GetByRole(AriaRole.Progressbar, new() { Name = Zh.T["import.progress"] });

    public ILocator Status => page.GetByRole(AriaRole.Status);

    public ILocator ErrorReportCsv => page.GetByRole(AriaRole.Link, new() { Name = Zh.T["import.errorsCsv"] });

    public ILocator ErrorReportXlsx => page.GetByRole(AriaRole.Link, new() { Name = Zh.T["import.errorsXlsx"] });

    public ILocator Result => page.GetByTestId("import-result");

    public async Task UploadAsync(string kindWord, string fileName, byte[] content)
    {
        await page.GetByRole(AriaRole.Radio, new() { Name = kindWord }).CheckAsync();
        await page.GetByLabel(Zh.T["import.file"]).SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "text/csv", Buffer = content });
        await page.GetByRole(AriaRole.Button, new() { Name = Zh.T["import.start"] }).ClickAsync();
    }

    public async Task<string> DownloadAsync(ILocator link)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), "rongtong-download-" + Guid.NewGuid().ToString("N"));
        await download.SaveAsAsync(path);
        try
        {
            return await File.ReadAllTextAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>The guarantee application form (a bank for its borrower).</summary>
internal sealed class GuaranteeApplyPage(IPage page)
{
    public async Task OpenAsync(ShellPage shell)
    {
        await shell.NavLink(Zh.T["nav.guarantees"]).ClickAsync();
        await shell.Heading(Zh.T["gu.title"]).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = Zh.T["gu.apply"], Exact = true }).ClickAsync();
        await shell.Heading(Zh.T["gu.apply"]).WaitForAsync();
    }

    /// <summary>Fills the form, submits it and returns the new guarantee's page.</summary>
    public async Task<GuaranteePage> ApplyAsync(long enterpriseId, string guarantorName, string amount, string feeRate)
    {
        await page.GetByLabel(Zh.T["gu.enterpriseId"], new() { Exact = true }).FillAsync(enterpriseId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel(Zh.T["gu.guarantor"], new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = guarantorName });
        await page.GetByLabel(Zh.T["gu.amount"], new() { Exact = true }).FillAsync(amount);
        await page.GetByLabel(Zh.T["gu.feeRate"], new() { Exact = true }).FillAsync(feeRate);
        await page.GetByLabel(Zh.T["gu.programme"]).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = Zh.T["gu.submit"] }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/guarantees/\\d+$"));
        var detail = new GuaranteePage(page);
        await detail.Status.WaitForAsync();
        return detail;
    }
}

/// <summary>One guarantee: status, the action buttons of the viewer's role, the letter link, the shares of a compensation or recovery.</summary>
internal sealed class GuaranteePage(IPage page)
{
    public IPage Page => page;

    public ILocator Status => page.GetByTestId("guarantee-status");

    public ILocator Result => page.GetByTestId("action-result");

    public ILocator Checks => page.GetByRole(AriaRole.Table, new() { Name = Zh.T["gu.checks"] });

    public ILocator Letter => page.GetByRole(AriaRole.Link, new() { Name = Zh.T["gu.letter"] });

    public long Id => long.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    public ILocator Share(string testId) => page.GetByTestId("share-" + testId);

    public ILocator Button(string word) => page.GetByRole(AriaRole.Button, new() { Name = Zh.T[word], Exact = true });

    public ILocator Field(string word) => page.GetByLabel(Zh.T[word], new() { Exact = true });

    public async Task OpenAsync(long id)
    {
        await page.GotoAsync($"/guarantees/{id}");
        await Status.WaitForAsync();
    }

    /// <summary>Clicks an action button and waits for its outcome message.</summary>
    public async Task ActAsync(string buttonWord)
    {
        await Button(buttonWord).ClickAsync();
        await Result.WaitForAsync();
    }

    public async Task<byte[]> DownloadLetterAsync()
    {
        var download = await page.RunAndWaitForDownloadAsync(() => Letter.ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), "rongtong-letter-" + Guid.NewGuid().ToString("N") + ".pdf");
        await download.SaveAsAsync(path);
        try
        {
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
