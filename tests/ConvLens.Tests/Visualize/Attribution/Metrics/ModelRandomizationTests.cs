using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Metrics;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Metrics;

public class ModelRandomizationTests
{
    [Fact]
    public void Should_randomise_weight_layers_from_the_top_on_a_copy_and_compare_each_step()
    {
        // The hand-weighted net has two weight layers: conv (with no bias) and fc. Grad-CAM at relu is 2.5·A0 (see HandCheckedCamTests).
        using var caller = AttributionFixtures.HandWeighted();
        var before = caller.NamedParameters().Select(p => p.Parameter.detach().clone()).ToList();
        using var image = AttributionFixtures.HandImage();
        var request = new AttributionRequest { Layer = "relu", Targets = [new RegressionOutput(0)], Seed = 5 };

        var result = ModelRandomization.Run(AttributionFixtures.HandWeighted, image, new GradCam(), request);
        var again = ModelRandomization.Run(AttributionFixtures.HandWeighted, image, new GradCam(), request);

        Assert.Equal(["fc", "conv"], result.Steps.Select(s => s.Layer));
        Assert.Equal(2, result.WeightLayers);
        Assert.Equal([1f, 0, 0, 1], result.Original[0].Values);
        foreach (var step in result.Steps)
        {
            Assert.Equal(MapSimilarity.Spearman(result.Original[0].Values, step.Maps[0].Values), step.Spearman, 9);
            Assert.Equal(MapSimilarity.Ssim(result.Original[0].Values, step.Maps[0].Values, 2, 2), step.Ssim, 9);
        }

        Assert.Equal(result.Steps.Select(s => s.Spearman), again.Steps.Select(s => s.Spearman));
        Assert.NotEqual(result.Original[0].Raw, result.Steps[0].Maps[0].Raw);
        Assert.All(caller.NamedParameters().Zip(before), p => Assert.True(p.First.Parameter.allclose(p.Second, rtol: 0, atol: 0)));
    }

    [Fact]
    public void Should_group_biases_and_batchnorm_with_the_weight_before_them()
    {
        var net = nn.Sequential(("conv1", nn.Conv2d(3, 4, 3)), ("bn1", nn.BatchNorm2d(4)), ("relu", nn.ReLU()), ("flatten", nn.Flatten()), ("fc", nn.Linear(4, 2)));
        using var model = new ConvLens.Models.ModuleModel("grouping", net, new ConvLens.Models.Preprocessing { Height = 3, Width = 3 });

        var layers = ModelRandomization.Layers(model);

        Assert.Equal(["conv1", "fc"], layers.Select(l => l.Name));
        Assert.Equal([4, 2], layers.Select(l => l.Parameters.Count));
    }
}
