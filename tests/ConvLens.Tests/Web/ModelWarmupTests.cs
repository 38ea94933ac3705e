using System.Diagnostics;
using System.Net;
using ConvLens.Web.Models;
using Microsoft.Extensions.DependencyInjection;

namespace ConvLens.Tests.Web;

/// <summary>The server loads the built-in model after start, so the page's first layer request does not wait for a load.</summary>
public sealed class ModelWarmupTests : IDisposable
{
    private readonly ExplorerSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Should_read_the_built_in_models_layer_table_in_the_background_after_start()
    {
        using var factory = new ExplorerFactory(_site, o => o.WarmUp = true);
        using var client = factory.CreateClient();
        var pool = factory.Services.GetRequiredService<ModelPool>();

        // No request names the model: only the warm-up can have loaded it. The wait is a bound on a hang, not a timing.
        var clock = Stopwatch.StartNew();
        while (!pool.HasFacts("resnet18-featurizer") && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
            await Task.Delay(50);
        }

        Assert.True(pool.HasFacts("resnet18-featurizer"), "the built-in model was not warmed within 2 minutes");
        var layers = (await (await client.GetAsync("/api/models/resnet18-featurizer/layers")).Json(HttpStatusCode.OK))["layers"]!.AsArray();
        // stage3's ReLU, as the built-in model's aliases name it.
        Assert.Contains(layers, l => l!.Text("name") == "ReLU347_Output_0");
    }
}
