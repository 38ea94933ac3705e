using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace ConvLens.Tests.Web;

/// <summary>
/// The server's promises as a server: paths stay inside --models and --data, foreign Host and Origin headers are
/// refused, every bad request gets one clear 4xx JSON error, and the server keeps serving afterwards.
/// </summary>
public sealed class ExplorerSecurityTests : IClassFixture<ExplorerSecurityTests.Server>
{
    private static readonly string[] Relu1 = ["relu1"];

    private readonly HttpClient _client;
    private readonly ExplorerSite _site;

    public ExplorerSecurityTests(Server server)
    {
        _client = server.Factory.CreateClient();
        _site = server.Site;
    }

    public sealed class Server : IDisposable
    {
        public Server()
        {
            // Links inside the allowed folders that lead out: the server must see through them.
            File.CreateSymbolicLink(Path.Combine(Site.Models, "escape.onnx"), Path.Combine(Site.Outside, "secret.onnx"));
            Directory.CreateSymbolicLink(Path.Combine(Site.Data, "escape"), Site.Outside);
            Directory.CreateSymbolicLink(Path.Combine(Site.Models, "out"), Site.Outside);
            Factory = new ExplorerFactory(Site);
        }

        internal ExplorerSite Site { get; } = new();

        internal ExplorerFactory Factory { get; }

        public void Dispose()
        {
            Factory.Dispose();
            Site.Dispose();
        }
    }

    public static TheoryData<string, HttpStatusCode, string> EscapingModels => new()
    {
        { "../outside/secret.onnx", HttpStatusCode.BadRequest, "'..'" },
        { "/etc/passwd.onnx", HttpStatusCode.BadRequest, "absolute" },
        { "escape.onnx", HttpStatusCode.BadRequest, "symbolic link" },
        { "out/secret.onnx", HttpStatusCode.BadRequest, "symbolic link" },
        { "missing.onnx", HttpStatusCode.NotFound, "not found" },
        { "torchvision:resnet18:../outside/x.safetensors", HttpStatusCode.BadRequest, "'..'" },
    };

    [Theory]
    [MemberData(nameof(EscapingModels))]
    public async Task Should_refuse_a_model_path_that_leaves_the_models_folder(string id, HttpStatusCode status, string words)
    {
        var error = await (await _client.GetAsync($"/api/models/{Uri.EscapeDataString(id)}/layers")).Error(status);

        Assert.Contains(words, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_not_offer_files_that_links_lead_out_to()
    {
        var models = await (await _client.GetAsync("/api/models")).Json(HttpStatusCode.OK);
        var datasets = await (await _client.GetAsync("/api/datasets")).Json(HttpStatusCode.OK);

        Assert.DoesNotContain(models.AsArray(), m => m!.Text("id").Contains("secret", StringComparison.Ordinal) || m.Text("id").Contains("escape", StringComparison.Ordinal));
        Assert.DoesNotContain(datasets.AsArray(), d => d!.Text("id").Contains("escape", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../outside", "'..'")]
    [InlineData("/tmp", "absolute")]
    [InlineData("escape", "symbolic link")]
    public async Task Should_refuse_a_dataset_outside_the_data_folder(string dataset, string words)
    {
        var error = await (await _client.Submit(new { kind = "stats", model = ExplorerApi.Tiny, dataset, options = new { layers = Relu1 } }))
            .Error(HttpStatusCode.BadRequest);

        Assert.Contains(words, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..%2F..%2Fimages")]
    [InlineData("%2Fetc%2Fpasswd")]
    [InlineData("..%2Fresult.json")]
    public async Task Should_serve_a_job_file_only_by_a_name_the_job_listed(string name)
    {
        var status = await _client.Run(new { kind = "filters", model = ExplorerApi.Tiny, options = new { layer = "conv1" } });

        var error = await (await _client.GetAsync($"{status.Text("url")}/files/{name}")).Error(HttpStatusCode.NotFound);

        Assert.Contains("has no file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_refuse_a_foreign_host_header_as_dns_rebinding()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.Host = "attacker.example";

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("http://attacker.example")]
    [InlineData("http://localhost:9999")]
    [InlineData("null")]
    public async Task Should_refuse_a_state_changing_request_from_another_origin(string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs")
        {
            Content = JsonContent.Create(new { kind = "filters", model = ExplorerApi.Tiny, options = new { layer = "conv1" } }),
        };
        request.Headers.Add("Origin", origin);
        var before = (await (await _client.GetAsync("/api/jobs")).Json(HttpStatusCode.OK)).AsArray().Count;

        var error = await (await _client.SendAsync(request)).Error(HttpStatusCode.Forbidden);
        var after = (await (await _client.GetAsync("/api/jobs")).Json(HttpStatusCode.OK)).AsArray().Count;

        Assert.Contains("cross-origin", error, StringComparison.Ordinal);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Should_accept_a_request_from_its_own_origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs")
        {
            Content = JsonContent.Create(new { kind = "filters", model = ExplorerApi.Tiny, options = new { layer = "conv1" } }),
        };
        request.Headers.Add("Origin", "http://localhost");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public static TheoryData<string, HttpStatusCode, string> BadJobs => new()
    {
        { """{"kind":"cam",""", HttpStatusCode.BadRequest, "malformed JSON" },
        { """{"kind":"paint"}""", HttpStatusCode.BadRequest, "paint" },
        { """{"kind":"filters","model":"nope","options":{"layer":"conv1"}}""", HttpStatusCode.NotFound, "unknown model 'nope'" },
        { """{"kind":"filters","model":"tiny.onnx","options":{"layer":"conv9"}}""", HttpStatusCode.BadRequest, "unknown layer 'conv9'" },
        { """{"kind":"cam","model":"tiny.onnx","image":"sample-chelsea","options":{"method":"magic-cam"}}""", HttpStatusCode.BadRequest, "magic-cam" },
        { """{"kind":"filters","model":"tiny.onnx","options":{"layer":"conv1","colour":"red"}}""", HttpStatusCode.BadRequest, "unknown option 'colour'" },
        { """{"kind":"filters","model":"tiny.onnx","options":{"layer":"conv1","count":"many"}}""", HttpStatusCode.BadRequest, "wrong type" },
        { """{"kind":"maps","model":"tiny.onnx","image":"u0000","options":{"layers":["relu1"]}}""", HttpStatusCode.NotFound, "unknown image 'u0000'" },
        { """{"kind":"maximize","model":"tiny.onnx","options":{"layer":"relu2","steps":0}}""", HttpStatusCode.BadRequest, "'steps'" },
        { """{"kind":"filters","model":"tiny.onnx","options":[1]}""", HttpStatusCode.BadRequest, "JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadJobs))]
    public async Task Should_answer_a_bad_job_with_one_clear_error_and_keep_serving(string body, HttpStatusCode status, string words)
    {
        var error = await (await _client.PostAsync("/api/jobs", new StringContent(body, Encoding.UTF8, "application/json"))).Error(status);
        var health = await _client.GetAsync("/api/health");

        Assert.Contains(words, error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_a_corrupt_image_with_a_clear_error()
    {
        var error = await (await _client.Upload(Encoding.ASCII.GetBytes("\x89PNG this is not really a PNG file"))).Error(HttpStatusCode.BadRequest);

        Assert.Contains("photo.png", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_an_unknown_api_path_with_a_json_404()
    {
        var error = await (await _client.GetAsync("/api/secrets")).Error(HttpStatusCode.NotFound);

        Assert.Contains("/api/secrets", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_change_no_state_on_get()
    {
        var before = Directory.GetFileSystemEntries(_site.Work, "*", SearchOption.AllDirectories).Length;

        foreach (var url in new[] { "/", "/api/health", "/api/models", "/api/catalog", "/api/images", "/api/jobs", "/api/datasets", "/api/models/tiny.onnx/layers" })
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(url)).StatusCode);
        }

        Assert.Equal(before, Directory.GetFileSystemEntries(_site.Work, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task Should_serve_the_page_with_a_policy_that_loads_nothing_from_outside()
    {
        var response = await _client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("http", html.Replace("http-equiv", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
