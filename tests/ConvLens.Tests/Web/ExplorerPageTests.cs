using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConvLens.Imaging;
using ConvLens.Tests.Support;
using Microsoft.Playwright;

namespace ConvLens.Tests.Web;

/// <summary>
/// The page in real headless Chromium, as a person uses it: pick a model, run a method, watch it progress, cancel,
/// download. Assertions are on values: decoded pictures, event order, the server's own error text.
/// </summary>
public sealed class ExplorerPageTests(ExplorerBrowser browser) : IClassFixture<ExplorerBrowser>
{
    /// <summary>When set, the CAM test saves its full-page screenshot here (docs/images/web-explorer.png is made so).</summary>
    private const string ScreenshotVariable = "CONVLENS_WEB_SCREENSHOT";

    [Fact]
    public async Task Should_open_with_the_built_in_model_and_its_whole_layer_table()
    {
        var page = await browser.OpenAsync();
        using var http = new HttpClient { BaseAddress = new Uri(browser.Url) };
        var facts = await http.GetFromJsonAsync<JsonNode>("/api/models/resnet18-featurizer/layers");

        var picked = await page.Locator("#model-select").InputValueAsync();
        var rows = await page.Locator("#layer-table tbody tr").CountAsync();
        var info = await page.Locator("#model-info").TextContentAsync();

        Assert.Equal("resnet18-featurizer", picked);
        Assert.Equal(facts!["layers"]!.AsArray().Count, rows);
        Assert.Contains("input 3x224x224", info, StringComparison.Ordinal);
        Assert.Contains("fed BGR 0..255, minus a mean image; photos stretched", info, StringComparison.Ordinal);
        // Every column fits the side column (no sideways scrolling to reach the stride); long names keep their full text as a tooltip.
        var overflow = await page.EvaluateAsync<int>("() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth - w.clientWidth; }");
        Assert.True(overflow <= 0, $"the layer table is {overflow} px wider than its column");
        var firstName = facts["layers"]![0]!["name"]!.GetValue<string>();
        Assert.Equal(firstName, await page.Locator("#layer-table tbody tr td.name").First.GetAttributeAsync("title"));
        await page.Locator("#layer-filter").FillAsync("stage4");
        Assert.InRange(await page.Locator("#layer-table tbody tr").CountAsync(), 1, rows - 1);
    }

    [Fact]
    public async Task Should_draw_a_grad_cam_overlay_on_a_sample_that_the_opacity_slider_blends()
    {
        var page = await browser.OpenAsync();
        await page.Locator("button[data-image-id='sample-chelsea']").ClickAsync();
        await page.Locator("#cam-method").SelectOptionAsync("grad-cam");
        await page.Locator("#cam-metrics").CheckAsync();

        await page.Locator("#cam-run").ClickAsync();
        await WaitForState(page, "#panel-cam", "succeeded");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#cam-results img')].every(i => i.complete && i.naturalWidth > 0)");
        var stack = page.Locator("#cam-results .stack").First;
        await SetOpacity(page, 0);
        var photoOnly = ImageDecoder.Decode(await stack.ScreenshotAsync(), "photo");
        await SetOpacity(page, 1);
        var heat = ImageDecoder.Decode(await stack.ScreenshotAsync(), "overlay");
        var caption = await page.Locator("#cam-results figcaption").First.TextContentAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#cam-results a", new() { HasTextString = "overlay PNG" }).First.ClickAsync());
        var overlay = ImageDecoder.Load(await download.PathAsync());

        Assert.Equal((photoOnly.Width, photoOnly.Height), (heat.Width, heat.Height));
        Assert.True(MeanDifference(photoOnly, heat) > 10, $"the heat layer at full opacity changed the picture by only {MeanDifference(photoOnly, heat):F1} levels");
        Assert.True(Spread(heat) > 30, "the overlay is nearly constant");
        Assert.Contains("grad-cam", caption, StringComparison.Ordinal);
        Assert.Contains("deletion AUC", caption, StringComparison.Ordinal);
        var chelsea = await Image("sample-chelsea");
        Assert.Equal((chelsea.Width, chelsea.Height), (overlay.Width, overlay.Height));
        await SetOpacity(page, 0.6);
        if (Environment.GetEnvironmentVariable(ScreenshotVariable) is { Length: > 0 } path)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        }
    }

    [Fact]
    public async Task Should_update_the_maximize_picture_live_with_steps_in_order_and_draw_the_curve()
    {
        var page = await browser.OpenAsync();
        await PickTinyModel(page);
        await page.Locator("button[data-panel='maximize']").ClickAsync();
        await page.Locator("#max-layer").SelectOptionAsync("relu2");
        await page.Locator("#max-channels").FillAsync("0,1");
        await page.Locator("#max-steps").FillAsync("160");
        await page.Locator("#max-size").FillAsync("32");
        // Records every live update the page shows, in order.
        await page.EvaluateAsync("""
            () => { window.seen = []; new MutationObserver(() => window.seen.push(document.getElementById('max-updates').textContent))
              .observe(document.getElementById('max-updates'), { childList: true, characterData: true, subtree: true }); }
            """);

        await page.Locator("#max-run").ClickAsync();
        await WaitForState(page, "#panel-maximize", "succeeded");
        var seen = await page.EvaluateAsync<string[]>("() => window.seen");
        var steps = seen.Select(s => long.Parse(s.Split("step ")[1].Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var live = await page.Locator("#max-live").GetAttributeAsync("src");
        var frame = ImageDecoder.Decode(Convert.FromBase64String(live!["data:image/png;base64,".Length..]), "frame");
        var curve = ImageDecoder.Decode(Convert.FromBase64String((await page.EvaluateAsync<string>("() => document.getElementById('max-curve').toDataURL()"))[22..]), "curve");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#panel-maximize figcaption a").First.ClickAsync());
        var grid = ImageDecoder.Load(await download.PathAsync());

        Assert.True(steps.Count >= 2, $"only {steps.Count} live update(s): {string.Join(" | ", seen)}");
        Assert.Equal(steps.Order(), steps);
        Assert.Equal(steps.Distinct().Count(), steps.Count);
        Assert.True(frame.Width >= 64 && Spread(frame) > 10, "the live picture should show both channels' images, not a flat colour");
        Assert.True(Spread(curve) > 50, "the objective curve was not drawn");
        Assert.True(grid.Width > 64 && Spread(grid) > 10);
    }

    [Fact]
    public async Task Should_cancel_a_running_job_from_its_cancel_button()
    {
        var page = await browser.OpenAsync();
        await PickTinyModel(page);
        await page.Locator("button[data-panel='maximize']").ClickAsync();
        await page.Locator("#max-layer").SelectOptionAsync("relu2");
        await page.Locator("#max-steps").FillAsync("100000");
        await page.Locator("#max-size").FillAsync("32");

        await page.Locator("#max-run").ClickAsync();
        await WaitForState(page, "#panel-maximize", "running");
        var id = await page.Locator("#panel-maximize .job-line").GetAttributeAsync("data-job-id");
        await page.Locator("#panel-maximize button.cancel").ClickAsync();
        await WaitForState(page, "#panel-maximize", "cancelled");
        using var http = new HttpClient { BaseAddress = new Uri(browser.Url) };
        var status = await http.GetFromJsonAsync<JsonNode>($"/api/jobs/{id}");

        Assert.Equal("cancelled", status.Text("state"));
        Assert.True(status!["progress"]!["step"]!.GetValue<long>() < 100_000);
        Assert.False(await page.Locator("#panel-maximize button.cancel").IsVisibleAsync());
    }

    [Fact]
    public async Task Should_show_the_servers_error_for_an_oversize_upload_and_keep_the_images()
    {
        var page = await browser.OpenAsync();
        var before = await page.Locator("#image-list button").CountAsync();
        var big = ImageEncoder.EncodePng(TestImages.Noise(300, 300));
        Assert.True(big.Length > ExplorerBrowser.UploadLimit);

        await page.Locator("#upload-input").SetInputFilesAsync(new FilePayload { Name = "big.png", MimeType = "image/png", Buffer = big });
        await page.WaitForSelectorAsync("#error:not([hidden])");
        var error = await page.Locator("#error").TextContentAsync();

        Assert.Contains("upload too large", error, StringComparison.Ordinal);
        Assert.Contains($"{ExplorerBrowser.UploadLimit:N0} bytes", error, StringComparison.Ordinal);
        Assert.Equal(before, await page.Locator("#image-list button").CountAsync());
    }

    [Fact]
    public async Task Should_upload_a_photo_and_enlarge_a_feature_map_tile()
    {
        var page = await browser.OpenAsync();
        await PickTinyModel(page);
        await page.Locator("#upload-input").SetInputFilesAsync(new FilePayload { Name = "noise.png", MimeType = "image/png", Buffer = ImageEncoder.EncodePng(TestImages.Noise(40, 30)) });
        await page.WaitForFunctionAsync("() => document.getElementById('image-info').textContent.startsWith('noise.png, 40x30')");
        await page.Locator("button[data-panel='maps']").ClickAsync();
        await page.Locator("#maps-layer").SelectOptionAsync("relu1");

        await page.Locator("#maps-run").ClickAsync();
        await WaitForState(page, "#panel-maps", "succeeded");
        var tiles = await page.Locator("#maps-results .tiles img").CountAsync();
        var tile = page.Locator("#maps-results .tiles img").Nth(2);
        var channel = await tile.GetAttributeAsync("alt"); // "channel N": tiles come most active first, not by index
        await tile.ClickAsync();
        await page.WaitForSelectorAsync("#zoom[open]");
        await page.WaitForFunctionAsync("() => document.getElementById('zoom-image').naturalWidth > 0");
        var size = await page.EvaluateAsync<int[]>("() => [document.getElementById('zoom-image').naturalWidth, document.getElementById('zoom-image').naturalHeight]");
        var caption = await page.Locator("#zoom-caption").TextContentAsync();

        // relu1 keeps the tiny net's 32x32 input (the 40x30 photo is fitted to it), and a tile is the map at its own size.
        Assert.Equal(4, tiles);
        Assert.Equal([TinyOnnxNet.Size, TinyOnnxNet.Size], size);
        Assert.StartsWith("channel ", channel, StringComparison.Ordinal);
        Assert.Contains($"{channel}: mean", caption, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_measure_a_dataset_with_dead_and_rare_lists_and_a_histogram()
    {
        var page = await browser.OpenAsync();
        await PickTinyModel(page);
        await page.Locator("button[data-panel='stats']").ClickAsync();
        await page.Locator("#stats-dataset").SelectOptionAsync("shapes");
        await page.Locator("#stats-layer").SelectOptionAsync("relu2");
        await page.Locator("#stats-batch").FillAsync("2");

        await page.Locator("#stats-run").ClickAsync();
        await WaitForState(page, "#panel-stats", "succeeded");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#panel-stats img')].every(i => i.complete && i.naturalWidth > 0)");
        var text = await page.Locator("#panel-stats").TextContentAsync();
        var histogram = ImageDecoder.Decode(await page.Locator("#panel-stats img").First.ScreenshotAsync(), "histogram");

        Assert.Contains("6 images measured", text, StringComparison.Ordinal);
        Assert.Contains("Dead (", text, StringComparison.Ordinal);
        Assert.Contains("Rare (", text, StringComparison.Ordinal);
        Assert.True(Spread(histogram) > 50);
    }

    private static async Task PickTinyModel(IPage page)
    {
        await page.Locator("#model-select").SelectOptionAsync(ExplorerApi.Tiny);
        await page.WaitForFunctionAsync($"() => document.body.dataset.model === '{ExplorerApi.Tiny}'");
    }

    private static async Task WaitForState(IPage page, string panel, string state) =>
        await page.WaitForSelectorAsync($"{panel} .job-state[data-state='{state}']");

    private static async Task SetOpacity(IPage page, double value) =>
        await page.EvaluateAsync(
            "v => { const s = document.getElementById('cam-opacity'); s.value = String(v); s.dispatchEvent(new Event('input')); }",
            value);

    private async Task<(int Width, int Height)> Image(string id)
    {
        using var http = new HttpClient { BaseAddress = new Uri(browser.Url) };
        var image = await http.GetFromJsonAsync<JsonNode>($"/api/images/{id}");
        return (image!["width"]!.GetValue<int>(), image["height"]!.GetValue<int>());
    }

    private static double MeanDifference(RgbImage a, RgbImage b) =>
        a.Pixels.Zip(b.Pixels, (x, y) => Math.Abs(x - y)).Average();

    private static int Spread(RgbImage image) => image.Pixels.Max() - image.Pixels.Min();
}
