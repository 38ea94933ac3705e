using ConvLens.Visualize.Attribution.Metrics;

namespace ConvLens.Tests.Visualize.Attribution.Metrics;

public class MapSimilarityTests
{
    [Theory]
    [InlineData(new float[] { 1, 2, 3, 4 }, new float[] { 10, 20, 30, 40 }, 1.0)]
    [InlineData(new float[] { 1, 2, 3, 4 }, new float[] { 4, 3, 2, 1 }, -1.0)]
    [InlineData(new float[] { 1, 2, 2, 3 }, new float[] { 1, 2, 3, 4 }, 0.9486833)]  // ranks [0,1.5,1.5,3] vs [0,1,2,3]: 4.5 / √(4.5·5)
    [InlineData(new float[] { 1, 1, 1, 1 }, new float[] { 1, 2, 3, 4 }, 0.0)]        // a constant map has no ranking
    public void Should_give_Spearmans_rank_correlation_with_average_ranks_for_ties(float[] a, float[] b, double expected)
    {
        Assert.Equal(expected, MapSimilarity.Spearman(a, b), 6);
    }

    [Fact]
    public void Should_give_an_SSIM_of_1_for_identical_maps_and_C1_over_1_plus_C1_for_black_against_white()
    {
        // Constant maps: every local variance and covariance is 0, so SSIM = (2·1·0 + C1) / (1 + 0 + C1) · C2 / C2.
        var white = Enumerable.Repeat(1f, 9).ToArray();
        var black = new float[9];
        float[] ramp = [0, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f];

        Assert.Equal(1e-4 / 1.0001, MapSimilarity.Ssim(white, black, 3, 3), 9);
        Assert.Equal(1.0, MapSimilarity.Ssim(ramp, ramp, 3, 3), 9);
        Assert.True(MapSimilarity.Ssim(ramp, [.. ramp.Reverse()], 3, 3) < 0);
    }
}
