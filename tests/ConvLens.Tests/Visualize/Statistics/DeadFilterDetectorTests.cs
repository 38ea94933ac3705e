using ConvLens.Visualize.Statistics;

namespace ConvLens.Tests.Visualize.Statistics;

public class DeadFilterDetectorTests
{
    private static ChannelSummary Channel(int index, long firing, double fractionPositive) => new()
    {
        Channel = index,
        FiringImages = firing,
        FractionImagesActive = firing / 200.0,
        FractionPositive = fractionPositive,
    };

    [Fact]
    public void Should_classify_dead_rare_and_saturated_channels()
    {
        var snapshot = new ChannelStatisticsSnapshot
        {
            Images = 200,
            Histogram = new HistogramSpec(0, 1, 1),
            Channels = [Channel(0, 0, 0), Channel(1, 1, 0.001), Channel(2, 100, 0.3), Channel(3, 200, 1.0), Channel(4, 0, 0)],
        };

        var health = DeadFilterDetector.Detect(snapshot, new DeadFilterOptions { RarePercent = 1.0 });

        Assert.Equal([0, 4], health.Dead);
        Assert.Equal([1], health.Rare);
        Assert.Equal([3], health.Saturated);
        Assert.Equal("2 dead of 5: 0, 4", health.DeadSummary());
    }

    [Fact]
    public void Should_flag_near_zero_kernels_and_gammas_relative_to_the_layer()
    {
        var snapshot = new ChannelStatisticsSnapshot { Images = 1, Histogram = new HistogramSpec(0, 1, 1), Channels = [.. Enumerable.Range(0, 4).Select(i => Channel(i, 1, 0.5))] };
        var hints = new WeightHints([1.0, 1e-7, 2.0, 1.5], [0.5, 0.4, -1e-5, 0.6]);

        var health = DeadFilterDetector.Detect(snapshot, weights: hints);

        Assert.Equal([1], health.NearZeroKernel);
        Assert.Equal([2], health.NearZeroGamma);
    }
}
