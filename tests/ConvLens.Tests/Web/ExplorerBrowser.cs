using ConvLens.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ConvLens.Tests.Web;

/// <summary>
/// The explorer on a real loopback port (Kestrel, as <c>convlens serve</c> starts it) and Debian's headless Chromium
/// driven by Playwright. Never a downloaded browser: without <see cref="ChromiumPath"/> every page test fails, saying
/// how to install it, so a CI machine without Chromium cannot pass by skipping.
/// </summary>
public sealed class ExplorerBrowser : IAsyncLifetime
{
    /// <summary>Debian's Chromium (test.sh installs the <c>chromium</c> package when it is missing); <c>CONVLENS_CHROMIUM</c> overrides it.</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("CONVLENS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Small enough that the upload test's file (a few hundred KiB) is refused.</summary>
    public const long UploadLimit = 128 * 1024;

    private IPlaywright? _playwright;
    private WebApplication? _app;

    internal ExplorerSite Site { get; } = new();

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Url { get; private set; } = string.Empty;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {ChromiumPath}: the browser tests need Debian's chromium (./test.sh installs it as root: apt-get install -y chromium; or set CONVLENS_CHROMIUM)");
        }

        _app = ExplorerHost.Create([], new ServeOptions
        {
            ModelsFolder = Site.Models, DataFolder = Site.Data, WorkFolder = Site.Work, MaxUploadBytes = UploadLimit, Concurrency = 2,
        });
        _app.Urls.Add("http://127.0.0.1:0");
        await _app.StartAsync();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    /// <summary>A fresh page on the explorer, loaded and ready (models, catalog and images read, the first model picked).</summary>
    public async Task<IPage> OpenAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(Url);
        await page.WaitForSelectorAsync("body[data-ready='true']");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Site.Dispose();
    }
}
