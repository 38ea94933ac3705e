using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConvLens.Tests.Web;

/// <summary>The calls the web tests make, on an <see cref="HttpClient"/> to a test server.</summary>
internal static class ExplorerApi
{
    public const string Tiny = "tiny.onnx";

    public static async Task<JsonNode> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>The one-line error of a failed request, after checking its status.</summary>
    public static async Task<string> Error(this HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Json(expected);
        var error = json["error"]!.GetValue<string>();
        Assert.DoesNotContain('\n', error);
        Assert.Single(json.AsObject());
        return error;
    }

    public static Task<HttpResponseMessage> Submit(this HttpClient client, object request) =>
        client.PostAsJsonAsync("/api/jobs", request);

    /// <summary>Submits a job and returns its id (202 expected).</summary>
    public static async Task<string> Start(this HttpClient client, object request) =>
        (await (await client.Submit(request)).Json(HttpStatusCode.Accepted))["id"]!.GetValue<string>();

    /// <summary>Polls a job until it is finished and returns its final status.</summary>
    public static async Task<JsonNode> Finish(this HttpClient client, string id, int timeoutSeconds = 120)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = await (await client.GetAsync($"/api/jobs/{id}")).Json(HttpStatusCode.OK);
            if (status["state"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled")
            {
                return status;
            }

            Assert.True(clock.Elapsed.TotalSeconds < timeoutSeconds, $"job {id} did not finish in {timeoutSeconds} s: {status.ToJsonString()}");
            await Task.Delay(20);
        }
    }

    /// <summary>Polls a job until it reaches <paramref name="state"/> (e.g. "running").</summary>
    public static async Task WaitFor(this HttpClient client, string id, string state)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var status = await (await client.GetAsync($"/api/jobs/{id}")).Json(HttpStatusCode.OK);
            if (status["state"]!.GetValue<string>() == state)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"job {id} never reached {state}");
    }

    /// <summary>Runs a job to success and returns its final status.</summary>
    public static async Task<JsonNode> Run(this HttpClient client, object request)
    {
        var status = await client.Finish(await client.Start(request));
        Assert.True(status["state"]!.GetValue<string>() == "succeeded", status.ToJsonString());
        return status;
    }

    public static async Task<byte[]> File(this HttpClient client, JsonNode status, string name)
    {
        var url = status["files"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == name)!["url"]!.GetValue<string>();
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static Task<HttpResponseMessage> Upload(this HttpClient client, byte[] data, string name = "photo.png")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(data);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", name);
        return client.PostAsync("/api/images", form);
    }

    public static async Task<string> UploadId(this HttpClient client, byte[] data) =>
        (await (await client.Upload(data)).Json(HttpStatusCode.Created))["id"]!.GetValue<string>();

    public static string Text(this JsonNode? node, string path) =>
        path.Split('.').Aggregate(node!, (n, p) => int.TryParse(p, out var i) ? n[i]! : n[p]!).GetValue<string>();

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
