using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Rongtong.BrowserTests.AppServer))]

// One app and one browser on two cores: the page tests run one at a time so a busy circuit never times out another test.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Rongtong.BrowserTests;

/// <summary>
/// The real web app on a real Kestrel port (embedded SQLite in a temp folder, 300 demo enterprises) and the
/// system Chromium, shared by every browser test; each test gets its own browser context (cookies, language).
/// </summary>
public sealed class AppServer : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string Password = "Rongtong#2021";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "rongtong-browser-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        // Fail loudly, never skip: CI installs Chromium in .ci/run.
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need the system Chromium at {ChromiumPath}; install it with `apt-get install -y chromium` (.ci/run does).");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Directory.CreateDirectory(_dataFolder);
        var port = Rongtong.Testing.PostgresTools.FreePort();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Storage:DataFolder", _dataFolder)
            .UseSetting("Database:Provider", "Sqlite")
            .UseSetting("Demo:Seed", "true")
            .UseSetting("Demo:Enterprises", "300")
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        _factory.StartServer();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context (no cookies) and a page in it; dispose the context at the end of the test.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            Locale = "zh-CN",
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        return (context, page);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
