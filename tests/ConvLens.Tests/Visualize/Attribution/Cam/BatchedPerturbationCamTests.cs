using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Cam;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Cam;

/// <summary>Score-CAM and Ablation-CAM send masked / ablated copies through the network in batches; the batch size must not change the map.</summary>
public class BatchedPerturbationCamTests
{
    public static TheoryData<string> Ids() => ["score-cam", "ablation-cam"];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Should_give_the_same_map_for_any_batch_size(string id)
    {
        using var model = TinyModels.SmallConvNet();
        using var generator = new Generator(3);
        using var images = rand([2, 3, 16, 16], generator: generator);

        var one = AttributionMethods.Create(id).Explain(model, images, new AttributionRequest { Layer = "relu2", BatchSize = 1 });
        var many = AttributionMethods.Create(id).Explain(model, images, new AttributionRequest { Layer = "relu2", BatchSize = 5 });

        for (var i = 0; i < 256; i++)
        {
            Assert.Equal(one[1, 0].Raw[i], many[1, 0].Raw[i], 4);
        }
    }
}
