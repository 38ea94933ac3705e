using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConvLens.Cli.Console;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Attribution;
using ConvLens.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Spectre.Console;

namespace ConvLens.Benchmarks;

/// <summary>
/// `web [rounds|load]`: what the explorer adds to a job (issue 12). A Grad-CAM of one photo on the built-in model, round-robin:
/// through the HTTP API of a real loopback server (upload, submit, wait on the event stream, download the overlay),
/// through the CLI's own entry point in this process (`convlens cam`, which loads the model on every call as a user's
/// command does), and through the library with the model already loaded and the same files encoded (the work both
/// front ends share). Then the gaps between live updates of a maximize job and of a stats job over generated JPEGs.
/// </summary>
internal static class ExplorerCosts
{
    private const string Model = "resnet18-featurizer";
    private static readonly int[] FourChannels = [0, 1, 2, 3];
    private static readonly string[] StatsLayers = ["stage3", "stage4"];

    public static void Run(int rounds, bool firstLoadOnly)
    {
        var work = Directory.CreateTempSubdirectory("convlens-webbench-");
        try
        {
            var data = Path.Combine(work.FullName, "data");
            StatisticsThroughput.Generate(Path.Combine(data, "jpegs"), 160);
            // The browser is running before the server starts, as a person's is; its own start is measured apart below.
            using var playwright = Playwright.CreateAsync().GetAwaiter().GetResult();
            var browser = LaunchWarm(playwright).GetAwaiter().GetResult();
            using var app = ExplorerHost.Create(["--urls", "http://127.0.0.1:0"], new ServeOptions { DataFolder = data, WorkFolder = Path.Combine(work.FullName, "serve") });
            app.StartAsync().GetAwaiter().GetResult();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(10) };
            var photoPath = Path.Combine(AppContext.BaseDirectory, "samples", "chelsea.png");
            var photoBytes = File.ReadAllBytes(photoPath);
            Console.WriteLine($"server {address}; load average {File.ReadAllText("/proc/loadavg").Trim()}");

            FirstLoad(playwright, browser, address).GetAwaiter().GetResult();
            if (firstLoadOnly)
            {
                app.StopAsync().GetAwaiter().GetResult();
                return;
            }

            CompareCam(rounds, http, photoPath, photoBytes, work.FullName);
            Gaps(http, "maximize", new { kind = "maximize", model = Model, options = new { layer = "stage3", channels = FourChannels, steps = 256 } });
            Gaps(http, "stats", new { kind = "stats", model = Model, dataset = "jpegs", options = new { layers = StatsLayers, batch = 16 } });
            app.StopAsync().GetAwaiter().GetResult();
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<IBrowser> LaunchWarm(IPlaywright playwright)
    {
        var browser = await Launch(playwright);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("<p>warm</p>");
        return browser;
    }

    private static Task<IBrowser> Launch(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });

    // The page in Debian's headless Chromium, from navigation until the built-in model's layer table is drawn: the first
    // time right after the server started (its background warm-up of the built-in model still running), then five fresh
    // browser contexts (nothing cached), then the first page of a browser launched just now (its start excluded).
    private static async Task FirstLoad(IPlaywright playwright, IBrowser browser, string address)
    {
        var times = new List<double>();
        var ready = new List<double>();
        string? firstTimeline = null;
        await using (browser)
        {
            for (var i = 0; i < 6; i++)
            {
                var (ms, readyAt, timeline) = await LoadOnce(browser, address);
                times.Add(ms);
                ready.Add(readyAt);
                firstTimeline ??= timeline;
            }
        }

        await using var cold = await Launch(playwright);
        var (coldMs, coldReady, coldTimeline) = await LoadOnce(cold, address);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first load  {times[0]:F0} ms right after start (page ready {ready[0]:F0} ms after navigation start); then median {AlternatingRun.Median([.. times.Skip(1)]):F0} ms, max {times.Skip(1).Max():F0} ms (ready {AlternatingRun.Median([.. ready.Skip(1)]):F0}, max {ready.Skip(1).Max():F0}; fresh contexts); first page of a just-launched browser {coldMs:F0} ms (ready {coldReady:F0})"));
        Console.WriteLine($"  right after start: {firstTimeline}");
        Console.WriteLine($"  just-launched browser: {coldTimeline}");
    }

    // One load in a fresh context, and where its time went as the page's own Navigation and Resource Timing saw it
    // (milliseconds from navigation start: request start-response end per request).
    private static async Task<(double Ms, double Ready, string Timeline)> LoadOnce(IBrowser browser, string address)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(address);
        await page.WaitForSelectorAsync("body[data-ready='true']");
        await page.WaitForSelectorAsync("#layer-table tbody tr");
        var ms = clock.Elapsed.TotalMilliseconds;
        var timeline = await page.EvaluateAsync<string>("""
            () => {
              const span = (e) => `${Math.round(e.startTime)}-${Math.round(e.responseEnd)}`;
              const nav = performance.getEntriesByType('navigation')[0];
              const parts = performance.getEntriesByType('resource').map((e) => `${new URL(e.name).pathname} ${span(e)}`);
              return `${performance.getEntriesByName('convlens-ready')[0].startTime}|document ${span(nav)}, DOMContentLoaded ${Math.round(nav.domContentLoadedEventEnd)}; ${parts.join(', ')}; ready (layer table and images drawn) at ${Math.round(performance.getEntriesByName('convlens-ready')[0].startTime)}`;
            }
            """);
        var split = timeline.IndexOf('|', StringComparison.Ordinal);
        var sinceNavigation = double.Parse(timeline[..split], CultureInfo.InvariantCulture);
        return (ms, sinceNavigation, string.Create(CultureInfo.InvariantCulture, $"{ms:F0} ms to Playwright, of which {ms - sinceNavigation:F0} ms outside the page's own timeline (before navigation, and noticing readiness); {timeline[(split + 1)..]}"));
    }

    private static void CompareCam(int rounds, HttpClient http, string photoPath, byte[] photoBytes, string work)
    {
        using var model = ModelCatalog.Load(Model);
        var photo = ImageDecoder.Decode(photoBytes, photoPath);
        var quiet = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null), Ansi = AnsiSupport.No });
        var outFolder = Path.Combine(work, "cli-out");
        List<(string Name, Action Call)> contenders =
        [
            ("library, model loaded (shared work)", () =>
            {
                var items = CamJob.Run(model, [photo], new CamJobOptions { Methods = ["grad-cam"], Targets = ["auto"] });
                _ = ImageEncoder.EncodePng(items[0].Overlay).Length + ImageEncoder.EncodePng(CamJob.Grid([photo], items, ["chelsea"])).Length;
            }),
            ("API: upload + job + events + overlay", () => ApiCam(http, photoBytes).GetAwaiter().GetResult()),
            ("CLI entry point in-process (loads model)", () =>
            {
                var code = CliApp.Run(["cam", Model, photoPath, "--method", "grad-cam", "--out", outFolder], quiet, TextWriter.Null);
                if (code != 0)
                {
                    throw new InvalidOperationException($"convlens cam exited with {code}");
                }
            }),
        ];
        var times = AlternatingRun.RoundRobin([.. contenders.Select(c => c.Call)], rounds);

        var phases = Enumerable.Range(0, 4).Select(p => AlternatingRun.Median([.. ApiPhases.Skip(1).Select(a => a[p])])).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"API phases (medians): upload {phases[0]:F1} ms, queued {phases[1]:F1} ms, run on the worker {phases[2]:F1} ms, submit + events + status + download {phases[3]:F1} ms"));
        for (var i = 0; i < contenders.Count; i++)
        {
            var toLibrary = AlternatingRun.MedianRatio(times[i], times[0]);
            var toCli = AlternatingRun.Median([.. times[i].Zip(times[2], (a, b) => a / b)]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"grad-cam  {contenders[i].Name,-42} median {AlternatingRun.Median(times[i]),8:F1} ms  x{toLibrary:F3} of the library  x{toCli:F3} of the CLI"));
        }
    }

    // Where an API job's time goes, per round: upload, queue wait, run on the worker, after the run until the client has the overlay.
    private static readonly List<double[]> ApiPhases = [];

    private static async Task ApiCam(HttpClient http, byte[] photo)
    {
        var clock = Stopwatch.StartNew();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(photo);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "chelsea.png");
        var image = await Json(await http.PostAsync(new Uri("/api/images", UriKind.Relative), form));
        var uploaded = clock.Elapsed.TotalMilliseconds;
        var job = await Json(await http.PostAsJsonAsync("/api/jobs", new { kind = "cam", model = Model, image = image["id"]!.GetValue<string>(), options = new { method = "grad-cam" } }));
        var id = job["id"]!.GetValue<string>();
        await foreach (var _ in Events(http, id))
        {
        }

        var status = await Json(await http.GetAsync(new Uri($"/api/jobs/{id}", UriKind.Relative)));
        if (status["state"]!.GetValue<string>() != "succeeded")
        {
            throw new InvalidOperationException(status.ToJsonString());
        }

        var overlay = status["files"]!.AsArray().First(f => f!["name"]!.GetValue<string>().EndsWith(".png", StringComparison.Ordinal) && f["name"]!.GetValue<string>().StartsWith("grad-cam", StringComparison.Ordinal))!;
        _ = (await http.GetByteArrayAsync(new Uri(overlay["url"]!.GetValue<string>(), UriKind.Relative))).Length;
        double At(string field) => status[field]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds();
        var queued = At("startedAt") - At("createdAt");
        var ran = At("finishedAt") - At("startedAt");
        ApiPhases.Add([uploaded, queued, ran, clock.Elapsed.TotalMilliseconds - uploaded - queued - ran]);
    }

    // Time between consecutive live updates (progress or frame) from the job's start to its end, as a watcher sees them.
    private static void Gaps(HttpClient http, string name, object request)
    {
        var id = Json(http.PostAsJsonAsync("/api/jobs", request).GetAwaiter().GetResult()).GetAwaiter().GetResult()["id"]!.GetValue<string>();
        var clock = Stopwatch.StartNew();
        var arrivals = new List<(double Seconds, string Type)>();
        foreach (var type in Events(http, id).ToBlockingEnumerable())
        {
            arrivals.Add((clock.Elapsed.TotalSeconds, type));
        }

        var updates = arrivals.Where(a => a.Type is "progress" or "frame").Select(a => a.Seconds).ToList();
        var gaps = updates.Zip(updates.Skip(1), (a, b) => b - a).ToList();
        var firstAfterStart = updates.Count > 0 ? updates[0] : double.NaN;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-8} {arrivals[^1].Seconds,6:F1} s  {updates.Count} updates ({arrivals.Count(a => a.Type == "frame")} frames)  first after {firstAfterStart:F2} s  gap median {(gaps.Count > 0 ? AlternatingRun.Median(gaps) : double.NaN):F2} s  max {(gaps.Count > 0 ? gaps.Max() : double.NaN):F2} s  (last update to done {arrivals[^1].Seconds - updates[^1]:F2} s)"));
    }

    private static async IAsyncEnumerable<string> Events(HttpClient http, string id)
    {
        using var response = await http.GetAsync(new Uri($"/api/jobs/{id}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                var type = line["event:".Length..].Trim();
                yield return type;
                if (type == "done")
                {
                    yield break;
                }
            }
        }
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!;
    }
}
