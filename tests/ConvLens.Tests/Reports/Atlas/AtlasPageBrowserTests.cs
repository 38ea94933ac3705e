using ConvLens.Imaging;
using ConvLens.Tests.Web;
using Microsoft.Playwright;

namespace ConvLens.Tests.Reports.Atlas;

/// <summary>A unit page opened from disk (file://, no server) in Debian's headless Chromium, as the explorer tests drive it.</summary>
public sealed class AtlasPageBrowserTests : IDisposable
{
    private readonly string _site = Directory.CreateTempSubdirectory("convlens-atlas-browser").FullName;

    [Fact]
    public async Task Should_render_a_unit_page_from_disk_with_its_images_and_open_the_full_image_on_click()
    {
        AtlasSiteTests.WriteSite(_site);
        Assert.True(File.Exists(ExplorerBrowser.ChromiumPath), $"Chromium not found at {ExplorerBrowser.ChromiumPath}: the browser tests need Debian's chromium (apt-get install -y chromium)");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExplorerBrowser.ChromiumPath, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 900 } });

        await page.GotoAsync(new Uri(Path.Combine(_site, "layers", "conv1", "units", "1.html")).AbsoluteUri);
        var widths = await page.EvalOnSelectorAllAsync<int[]>("img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : -1)");
        var screenshot = ImageDecoder.Decode(await page.ScreenshotAsync(), "screenshot");
        await page.ClickAsync(".ex a");
        var lightbox = await page.EvalOnSelectorAsync<string>("#lightbox", "l => getComputedStyle(l).display");
        var box = await page.EvalOnSelectorAsync<string>("#lightbox .box", "b => b.style.width");

        Assert.Equal(1 + 4 + 1 + 1, widths.Length); // maximized, 2 top + 2 bottom, kernel, the lightbox's empty image
        Assert.Equal(16, widths[0]);
        Assert.All(widths[1..5], w => Assert.Equal(8, w));
        var distinct = Enumerable.Range(0, screenshot.Width * screenshot.Height).Select(i => (screenshot.Pixels[i * 3], screenshot.Pixels[(i * 3) + 1], screenshot.Pixels[(i * 3) + 2])).Distinct().Count();
        Assert.True(distinct > 50, $"the screenshot has only {distinct} colours");
        Assert.Equal("flex", lightbox);
        Assert.EndsWith("%", box, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_site, recursive: true);
}
