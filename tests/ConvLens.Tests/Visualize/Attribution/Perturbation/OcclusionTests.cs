using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Perturbation;
using ConvLens.Visualize.Attribution.Targets;

namespace ConvLens.Tests.Visualize.Attribution.Perturbation;

public class OcclusionTests
{
    [Fact]
    public void Should_measure_the_score_drop_under_each_patch()
    {
        // Patch 1x1 with fill 0 on the hand-weighted net: the drop at a pixel is its contribution W·A there.
        using var model = AttributionFixtures.HandWeighted();
        using var image = AttributionFixtures.HandImage();

        var result = new Occlusion(window: 1, stride: 1, fill: 0).Explain(model, image, new AttributionRequest { Targets = [new RegressionOutput(0)] });

        // contributions: (0,0) 1·1 - 1·2 = -1; (0,1) 0; (1,0) 3·0 + 1·1 = 1; (1,1) 4·1 + 0 = 4.
        Assert.Equal([-1f, 0f, 1f, 4f], result[0, 0].Raw);
        Assert.Equal([0f, 0f, 0.25f, 1f], result[0, 0].Values);
    }
}
