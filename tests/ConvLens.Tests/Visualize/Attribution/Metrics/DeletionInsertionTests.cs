using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Metrics;
using ConvLens.Visualize.Attribution.Targets;

namespace ConvLens.Tests.Visualize.Attribution.Metrics;

public class DeletionInsertionTests
{
    [Fact]
    public void Should_follow_the_map_order_exactly_on_the_hand_weighted_net()
    {
        // Pixel contributions W·A to the score 4 are [-1, 0, 1, 4] (see HandCheckedCamTests); the map ranks pixel 3,
        // then 2, 1, 0. Deleting (to 0) one pixel per step: 4 → 0 → -1 → -1 → 0.
        using var model = AttributionFixtures.HandWeighted();
        using var image = AttributionFixtures.HandImage();
        var values = new float[] { 0, 0.25f, 0.5f, 1 };
        var map = new AttributionMap(0, 0, "output 0", 4, 2, 2, values, values, null);

        var result = DeletionInsertion.Evaluate(model, image, [map], new RegressionOutput(0), new DeletionInsertionOptions { Steps = 4, InsertionBlurSigma = 0 })[0];

        Assert.Equal([4f, 0f, -1f, -1f, 0f], result.Deletion);
        Assert.Equal(0.0, result.DeletionAuc, 6);
        Assert.All(result.Insertion, v => Assert.Equal(4f, v));
        Assert.Equal(4f, result.RandomDeletion[0]);
        Assert.Equal(0f, result.RandomDeletion[^1]);
    }

    [Theory]
    [InlineData(new float[] { 1, 0 }, 0.5)]
    [InlineData(new float[] { 1, 1, 1 }, 1.0)]
    [InlineData(new float[] { 0, 1, 0 }, 0.5)]
    public void Should_integrate_curves_with_trapezoids_on_the_unit_interval(float[] curve, double expected)
    {
        Assert.Equal(expected, DeletionInsertionResult.Auc(curve), 6);
    }
}
