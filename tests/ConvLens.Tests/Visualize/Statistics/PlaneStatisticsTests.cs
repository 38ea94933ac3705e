using ConvLens.Visualize.Statistics;

namespace ConvLens.Tests.Visualize.Statistics;

public class PlaneStatisticsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(49)]
    [InlineData(64)]
    [InlineData(101)]
    [InlineData(3136)]
    public void Should_equal_the_plain_scalar_loop_on_every_length(int length)
    {
        var random = new Random(length);
        var values = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 14) - 2)).ToArray();
        // Edges and specials: exactly lo, exactly hi (inclusive top), just above hi, below lo, zeros.
        float[] specials = [0f, 10f, 10.000001f, -0.5f, 0f, 0f, 5f];
        for (var i = 0; i < Math.Min(length, specials.Length); i++)
        {
            values[(i * 13) % length] = specials[i];
        }

        AssertMatches(values, lo: 0f, hi: 10f, bins: 20, threshold: 0f);
    }

    [Fact]
    public void Should_propagate_nan_to_mean_min_and_max_and_count_it_as_overflow()
    {
        var values = Enumerable.Range(0, 40).Select(i => (float)i).ToArray();
        values[17] = float.NaN;
        var histogram = new long[6];

        var (mean, _, min, max, positive) = new PlaneStatistics(0, 100, 4, 0).Scan(values, histogram);

        Assert.True(double.IsNaN(mean));
        Assert.True(float.IsNaN(min));
        Assert.True(float.IsNaN(max));
        Assert.Equal(38, positive); // 0 and NaN do not fire
        Assert.Equal(1, histogram[5]);
    }

    [Fact]
    public void Should_keep_infinite_extremes_When_both_infinities_make_the_sum_nan()
    {
        var values = new float[33];
        values[3] = float.PositiveInfinity;
        values[30] = float.NegativeInfinity;
        var histogram = new long[4];

        var (_, _, min, max, _) = new PlaneStatistics(0, 1, 2, 0).Scan(values, histogram);

        Assert.Equal(float.NegativeInfinity, min);
        Assert.Equal(float.PositiveInfinity, max);
        Assert.Equal([1L, 31L, 0L, 1L], histogram);
    }

    private static void AssertMatches(float[] values, float lo, float hi, int bins, float threshold)
    {
        var histogram = new long[bins + 2];
        var (mean, m2, min, max, positive) = new PlaneStatistics(lo, hi, bins, threshold).Scan(values, histogram);

        var expectedMean = values.Sum(v => (double)v) / values.Length;
        var expectedM2 = values.Sum(v => (v - expectedMean) * (v - expectedMean));
        var expectedHistogram = new long[bins + 2];
        var scale = (float)(bins / ((double)hi - lo));
        foreach (var a in values)
        {
            var slot = a < lo ? 0 : a > hi || float.IsNaN(a) ? bins + 1 : (int)Math.Clamp(MathF.Floor((a - lo) * scale), 0f, bins - 1) + 1;
            expectedHistogram[slot]++;
        }

        Assert.Equal(expectedMean, mean, 1e-12);
        Assert.Equal(expectedM2, m2, Math.Max(1e-9, expectedM2 * 1e-12));
        Assert.Equal(values.Min(), min);
        Assert.Equal(values.Max(), max);
        Assert.Equal(values.Count(v => v > threshold), positive);
        Assert.Equal(expectedHistogram, histogram);
    }
}
