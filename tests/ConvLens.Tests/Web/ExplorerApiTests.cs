using System.Net;
using System.Text.Json.Nodes;
using ConvLens.Imaging;
using ConvLens.Tests.Support;

namespace ConvLens.Tests.Web;

/// <summary>The JSON API end to end in memory, on the tiny ONNX net: every job kind, its files and its events.</summary>
public sealed class ExplorerApiTests : IClassFixture<ExplorerApiTests.Server>
{
    private static readonly string[] Relu1 = ["relu1"];
    private static readonly string[] Relu2 = ["relu2"];
    private static readonly int[] OneChannel = [0];
    private static readonly int[] TwoChannels = [0, 1];

    private readonly HttpClient _client;
    private readonly ExplorerSite _site;

    public ExplorerApiTests(Server server)
    {
        _client = server.Factory.CreateClient();
        _site = server.Site;
    }

    public sealed class Server : IDisposable
    {
        public Server() => Factory = new ExplorerFactory(Site, o => o.Concurrency = 2);

        internal ExplorerSite Site { get; } = new();

        internal ExplorerFactory Factory { get; }

        public void Dispose()
        {
            Factory.Dispose();
            Site.Dispose();
        }
    }

    [Theory]
    [InlineData("/api/nope")]
    [InlineData("/api/models/tiny.onnx/nope/deeper")]
    public async Task Should_answer_an_unknown_api_path_with_a_json_404_that_names_it(string path)
    {
        var error = await (await _client.GetAsync(path)).Error(HttpStatusCode.NotFound);

        Assert.Equal($"no API endpoint {path}; see docs/web.md", error);
    }

    [Fact]
    public async Task Should_answer_health_with_status_ok()
    {
        var json = await (await _client.GetAsync("/api/health")).Json(HttpStatusCode.OK);

        Assert.Equal("""{"status":"ok"}""", json.ToJsonString());
    }

    [Fact]
    public async Task Should_list_the_built_in_model_the_onnx_file_and_torchvision_names()
    {
        var models = (await (await _client.GetAsync("/api/models")).Json(HttpStatusCode.OK)).AsArray();

        Assert.Equal("resnet18-featurizer", models[0]!.Text("id"));
        Assert.Equal("built-in", models[0]!.Text("kind"));
        Assert.Contains(models, m => m!.Text("id") == ExplorerApi.Tiny && m.Text("kind") == "onnx");
        Assert.Contains(models, m => m!.Text("id") == "torchvision:resnet18" && m.Text("kind") == "torchvision");
    }

    [Fact]
    public async Task Should_describe_layers_with_shapes_receptive_field_and_stride()
    {
        var json = await (await _client.GetAsync("/api/models/tiny.onnx/layers")).Json(HttpStatusCode.OK);
        var conv2 = json["layers"]!.AsArray().Single(l => l!.Text("name") == "conv2")!;

        Assert.Equal("[3,32,32]", json["input"]!.ToJsonString());
        Assert.Equal("32x32 RGB 0..1, minus mean 0.485,0.456,0.406, divided by std 0.229,0.224,0.225; photos shorter side to 37 then centre crop", json.Text("preprocessing"));
        Assert.Equal("[1,8,16,16]", conv2["outputShape"]!.ToJsonString());
        // conv1 3x3 gives 3 px; conv2 3x3 after a jump of 1 adds 2: 5 px, stride 2.
        Assert.Equal(5, conv2["receptiveField"]!.GetValue<int>());
        Assert.Equal(2, conv2["stride"]!.GetValue<int>());
        Assert.Equal(4 * 8 * 9 + 8, conv2["parameterCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task Should_keep_an_upload_byte_for_byte_and_report_its_size()
    {
        var png = ImageEncoder.EncodePng(TestImages.Gradient(40, 30));

        var image = await (await _client.Upload(png)).Json(HttpStatusCode.Created);
        var back = await _client.GetByteArrayAsync(image.Text("url"));

        Assert.Equal(40, image["width"]!.GetValue<int>());
        Assert.Equal(30, image["height"]!.GetValue<int>());
        Assert.Equal(png, back);
    }

    [Fact]
    public async Task Should_explain_with_cam_and_give_a_heat_layer_that_blends_like_the_overlay()
    {
        var photo = TestImages.Gradient(48, 40);
        var id = await _client.UploadId(ImageEncoder.EncodePng(photo));

        var status = await _client.Run(new { kind = "cam", model = ExplorerApi.Tiny, image = id, options = new { method = "grad-cam", alpha = 0.5 } });
        var item = status["result"]!["results"]![0]!;
        var overlay = ImageDecoder.Decode(await _client.File(status, item.Text("overlay")), "overlay");
        var layer = SkiaSharp.SKBitmap.Decode(await _client.File(status, item.Text("layer")));

        Assert.Equal((48, 40), (overlay.Width, overlay.Height));
        Assert.Equal((48, 40), (layer.Width, layer.Height));
        // The page shows the layer at opacity alpha over the photo: that must be the server's own overlay, pixel for pixel.
        var worst = 0;
        for (var y = 0; y < 40; y++)
        {
            for (var x = 0; x < 48; x++)
            {
                var heat = layer.GetPixel(x, y);
                var a = 0.5 * heat.Alpha / 255.0;
                var (r, _, _) = photo.GetPixel(x, y);
                var blended = (1 - a) * r + a * heat.Red;
                worst = Math.Max(worst, (int)Math.Abs(Math.Round(blended) - overlay.GetPixel(x, y).R));
            }
        }

        Assert.True(worst <= 2, $"layer over photo differs from the overlay by {worst} levels");
        Assert.Contains(status["files"]!.AsArray(), f => f!.Text("name") == "result.json");
    }

    [Fact]
    public async Task Should_render_a_tile_per_channel_for_feature_maps()
    {
        var id = await _client.UploadId(ImageEncoder.EncodePng(TestImages.Noise(32, 32)));

        var status = await _client.Run(new { kind = "maps", model = ExplorerApi.Tiny, image = id, options = new { layers = Relu1 } });
        var layer = status["result"]!["layers"]![0]!;
        var tiles = layer["tiles"]!.AsArray();
        var tile = ImageDecoder.Decode(await _client.File(status, tiles[3]!.Text("file")), "tile");

        Assert.Equal(4, tiles.Count);
        Assert.Equal([0, 1, 2, 3], tiles.Select(t => t!["channel"]!.GetValue<int>()));
        Assert.Equal((32, 32), (tile.Width, tile.Height));
    }

    [Fact]
    public async Task Should_draw_first_layer_filters_as_rgb()
    {
        var status = await _client.Run(new { kind = "filters", model = ExplorerApi.Tiny, options = new { layer = "conv1" } });

        Assert.True(status["result"]!["isRgb"]!.GetValue<bool>());
        Assert.Equal("[4,3,3,3]", status["result"]!["shape"]!.ToJsonString());
        Assert.Equal(4, status["result"]!["filters"]!.AsArray().Count);
    }

    [Fact]
    public async Task Should_stream_at_least_two_frames_and_progress_before_done_for_maximize()
    {
        var id = await _client.Start(new { kind = "maximize", model = ExplorerApi.Tiny, options = new { layer = "relu2", channels = TwoChannels, steps = 12, size = 32, upsample = 0, frameEvery = 3 } });

        var events = await ReadEvents($"/api/jobs/{id}/events");
        var frames = events.Where(e => e.Type == "frame").ToList();
        var picture = frames[0].Data.Text("image");

        Assert.True(frames.Count >= 2, string.Join(", ", events.Select(e => e.Type)));
        Assert.StartsWith("data:image/png;base64,", picture, StringComparison.Ordinal);
        Assert.True(ImageDecoder.Decode(Convert.FromBase64String(picture["data:image/png;base64,".Length..]), "frame").Width > 32);
        Assert.Contains(events, e => e.Type == "progress" && e.Data["objective"] is not null);
        Assert.Equal("done", events[^1].Type);
        Assert.Equal("succeeded", events[^1].Data.Text("state"));
    }

    [Fact]
    public async Task Should_dream_at_the_photo_size()
    {
        var id = await _client.UploadId(ImageEncoder.EncodePng(TestImages.Noise(40, 36)));

        var status = await _client.Run(new { kind = "dream", model = ExplorerApi.Tiny, image = id, options = new { layer = "relu2", octaves = 2, steps = 2, tile = 32, jitter = 2 } });
        var dream = ImageDecoder.Decode(await _client.File(status, status["result"]!.Text("dream")), "dream");

        Assert.Equal((40, 36), (dream.Width, dream.Height));
        Assert.Equal(4, status["result"]!["objectiveByStep"]!.AsArray().Count);
    }

    [Fact]
    public async Task Should_measure_a_dataset_with_progress_and_eta()
    {
        var id = await _client.Start(new { kind = "stats", model = ExplorerApi.Tiny, dataset = "shapes", options = new { layers = Relu2, batch = 2 } });

        var events = await ReadEvents($"/api/jobs/{id}/events");
        var status = events[^1].Data;
        var progress = events.Where(e => e.Type == "progress").Select(e => e.Data).ToList();

        Assert.Equal("succeeded", status.Text("state"));
        Assert.Equal(6, status["result"]!["imagesProcessed"]!.GetValue<long>());
        Assert.Contains(progress, p => p["etaSeconds"] is not null && p["total"]!.GetValue<long>() == 6);
        Assert.Equal(8, status["result"]!["layers"]![0]!["health"]!["channels"]!.GetValue<int>());
    }

    [Fact]
    public async Task Should_give_a_late_watcher_the_last_progress_before_done()
    {
        var id = await _client.Start(new { kind = "stats", model = ExplorerApi.Tiny, dataset = "shapes", options = new { layers = Relu2, batch = 2 } });
        await _client.WaitFor(id, "succeeded");

        var events = await ReadEvents($"/api/jobs/{id}/events");

        Assert.Equal(["progress", "done"], events.Select(e => e.Type));
        Assert.Equal(1.0, events[0].Data["fraction"]!.GetValue<double>());
        Assert.Equal(6, events[0].Data["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Should_cancel_a_running_job_and_keep_no_files()
    {
        var id = await _client.Start(new { kind = "maximize", model = ExplorerApi.Tiny, options = new { layer = "relu2", channels = OneChannel, steps = 100_000, size = 32, upsample = 0 } });
        await _client.WaitFor(id, "running");

        var cancel = await _client.DeleteAsync($"/api/jobs/{id}");
        var status = await _client.Finish(id);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", status.Text("state"));
        Assert.Empty(status["files"]!.AsArray());
        Assert.False(Directory.Exists(Path.Combine(_site.Work, "jobs", id)));
        Assert.True(status["progress"]!["step"]!.GetValue<long>() < 100_000);
    }

    [Fact]
    public async Task Should_delete_a_finished_job_on_delete()
    {
        var status = await _client.Run(new { kind = "filters", model = ExplorerApi.Tiny, options = new { layer = "conv1" } });
        var id = status.Text("id");

        var deleted = await (await _client.DeleteAsync($"/api/jobs/{id}")).Json(HttpStatusCode.OK);

        Assert.True(deleted["deleted"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/jobs/{id}")).StatusCode);
    }

    private async Task<List<(string Type, JsonNode Data)>> ReadEvents(string url)
    {
        using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<(string, JsonNode)>();
        string? type = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((type ?? "message", JsonNode.Parse(line["data: ".Length..])!));
            }
        }

        return events;
    }
}
