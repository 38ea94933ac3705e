using System.Net;
using System.Security.Cryptography;
using ConvLens.Imaging;
using ConvLens.Tests.Support;

namespace ConvLens.Tests.Web;

/// <summary>
/// The job queue under load: a full queue says so, and jobs running together give the results they give alone
/// (hundreds of jobs in a row: <see cref="ExplorerJobMemoryTests"/>).
/// </summary>
public sealed class ExplorerJobQueueTests : IDisposable
{
    private static readonly int[] TwoChannels = [0, 1];
    private static readonly string[] Relu2 = ["relu2"];

    private readonly ExplorerSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Should_answer_503_queue_full_when_every_worker_and_place_is_taken()
    {
        using var factory = new ExplorerFactory(_site, o => (o.Concurrency, o.QueueCapacity) = (1, 1));
        using var client = factory.CreateClient();
        var endless = new { kind = "maximize", model = ExplorerApi.Tiny, options = new { layer = "relu2", channels = TwoChannels, steps = 100_000, size = 32, upsample = 0 } };
        var running = await client.Start(endless);
        await client.WaitFor(running, "running");
        var waiting = await client.Start(endless);

        var error = await (await client.Submit(endless)).Error(HttpStatusCode.ServiceUnavailable);

        Assert.Contains("queue full", error, StringComparison.Ordinal);
        Assert.Contains("1 job(s) running and 1 waiting", error, StringComparison.Ordinal);
        await client.DeleteAsync($"/api/jobs/{waiting}");
        await client.DeleteAsync($"/api/jobs/{running}");
        Assert.Equal("cancelled", (await client.Finish(waiting)).Text("state"));
        Assert.Equal("cancelled", (await client.Finish(running)).Text("state"));
    }

    [Fact]
    public async Task Should_give_four_seeded_jobs_at_once_exactly_the_results_of_one_at_a_time()
    {
        using var factory = new ExplorerFactory(_site, o => o.Concurrency = 4);
        using var client = factory.CreateClient();
        var photo = await client.UploadId(ImageEncoder.EncodePng(TestImages.Noise(40, 32, seed: 5)));
        object[] jobs =
        [
            new { kind = "maximize", model = ExplorerApi.Tiny, options = new { layer = "relu2", channels = TwoChannels, steps = 16, size = 32, upsample = 0, seed = 3 } },
            new { kind = "cam", model = ExplorerApi.Tiny, image = photo, options = new { method = "grad-cam,integrated-gradients", target = "1", seed = 3 } },
            new { kind = "dream", model = ExplorerApi.Tiny, image = photo, options = new { layer = "relu2", octaves = 2, steps = 4, tile = 32, jitter = 4, seed = 3 } },
            new { kind = "maps", model = ExplorerApi.Tiny, image = photo, options = new { layers = Relu2 } },
        ];

        var alone = new List<string>();
        foreach (var job in jobs)
        {
            alone.Add(await Fingerprint(client, await client.Run(job)));
        }

        var ids = await Task.WhenAll(jobs.Select(client.Start));
        var together = await Task.WhenAll(ids.Select(async id => await Fingerprint(client, await client.Finish(id))));

        Assert.Equal(alone, together);
    }

    // What a job produced: its PNG and JSON files by content (timings left out), in name order.
    private static async Task<string> Fingerprint(HttpClient client, System.Text.Json.Nodes.JsonNode status)
    {
        Assert.True(status.Text("state") == "succeeded", status.ToJsonString());
        var names = status["files"]!.AsArray().Select(f => f!.Text("name")).Where(n => n.EndsWith(".png", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var parts = new List<string>();
        foreach (var name in names)
        {
            parts.Add($"{name}:{Convert.ToHexString(SHA256.HashData(await client.File(status, name)))[..16]}");
        }

        return $"{status.Text("kind")} {string.Join(' ', parts)}";
    }
}
