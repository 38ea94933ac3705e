using ConvLens.Visualize.Statistics;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Statistics;

public class ChannelStatisticsTests
{
    private static float[] Data(int n, int c, int p, int seed)
    {
        var rng = new Random(seed);
        var data = new float[n * c * p];
        for (var i = 0; i < data.Length; i++)
        {
            var ch = i / p % c;
            // channel 0 never fires, channel 1 has a large offset (stresses the variance), others mixed sign.
            data[i] = ch switch
            {
                0 => -(float)rng.NextDouble(),
                1 => 1000f + (float)rng.NextDouble(),
                _ => (float)((rng.NextDouble() * 4) - 1),
            };
        }

        return data;
    }

    [Fact]
    public void Should_equal_a_naive_two_pass_computation()
    {
        const int n = 13, c = 4, h = 3, w = 5, p = h * w;
        var data = Data(n, c, p, 7);
        var spec = new HistogramSpec(-1f, 3f, 8);
        var stats = new ChannelStatistics(c, spec);
        using (var scope = NewDisposeScope())
        {
            var all = tensor(data, [n, c, h, w]);
            stats.Update(all[..5]);
            stats.Update(all[5..]);
        }

        var snap = stats.Snapshot();

        Assert.Equal(n, snap.Images);
        Assert.Equal(n * p, snap.CountPerChannel);
        for (var ch = 0; ch < c; ch++)
        {
            var values = Enumerable.Range(0, n).SelectMany(i => Enumerable.Range(0, p).Select(k => data[(((i * c) + ch) * p) + k])).ToArray();
            var mean = values.Average(v => (double)v);
            var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
            var s = snap.Channels[ch];
            Assert.Equal(mean, s.Mean, (Math.Abs(mean) * 1e-5) + 1e-9);
            Assert.Equal(std, s.Std, (std * 1e-5) + 1e-9);
            Assert.Equal(values.Min(), s.Min);
            Assert.Equal(values.Max(), s.Max);
            Assert.Equal(values.Count(v => v > 0) / (double)values.Length, s.FractionPositive);
            var firing = Enumerable.Range(0, n).Count(i => Enumerable.Range(0, p).Any(k => data[(((i * c) + ch) * p) + k] > 0));
            Assert.Equal(firing / (double)n, s.FractionImagesActive);

            var scale = (float)(spec.Bins / ((double)spec.Max - spec.Min));
            var expected = new long[spec.Bins];
            foreach (var v in values.Where(v => v >= spec.Min && v <= spec.Max))
            {
                expected[Math.Clamp((int)MathF.Floor((v - spec.Min) * scale), 0, spec.Bins - 1)]++;
            }

            Assert.Equal(expected, s.Histogram);
            Assert.Equal(values.Count(v => v < spec.Min), s.Underflow);
            Assert.Equal(values.Count(v => v > spec.Max), s.Overflow);
        }
    }

    [Fact]
    public void Should_give_bit_identical_results_When_shards_are_merged()
    {
        const int n = 23, c = 3, p = 4;
        var data = Data(n, c, p, 3);
        var spec = new HistogramSpec(-1f, 3f, 5);
        using var scope = NewDisposeScope();
        var all = tensor(data, [n, c, 2, 2]);
        var single = new ChannelStatistics(c, spec);
        for (var start = 0; start < n; start += 4)
        {
            single.Update(all[start..Math.Min(n, start + 4)]);
        }

        var cuts = new[] { 0, 4, 12, 16, 23 };
        ChannelStatistics? merged = null;
        for (var s = 0; s + 1 < cuts.Length; s++)
        {
            var part = new ChannelStatistics(c, spec, startImage: cuts[s]);
            for (var start = cuts[s]; start < cuts[s + 1]; start += 4)
            {
                part.Update(all[start..Math.Min(cuts[s + 1], start + 4)]);
            }

            if (merged is null)
            {
                merged = part;
            }
            else
            {
                merged.Merge(part);
            }
        }

        var a = single.Snapshot();
        var b = merged!.Snapshot();
        for (var ch = 0; ch < c; ch++)
        {
            Assert.Equal(a.Channels[ch].Mean, b.Channels[ch].Mean);
            Assert.Equal(a.Channels[ch].Std, b.Channels[ch].Std);
            Assert.Equal(a.Channels[ch].Quantiles, b.Channels[ch].Quantiles);
            Assert.Equal(a.Channels[ch].Histogram, b.Channels[ch].Histogram);
        }

        Assert.Equal(a with { Channels = [] }, b with { Channels = [] });
    }

    [Fact]
    public void Should_leave_skipped_images_out_of_every_statistic()
    {
        using var scope = NewDisposeScope();
        var spec = new HistogramSpec(0f, 1f, 2);
        var stats = new ChannelStatistics(1, spec);

        stats.UpdateAt(tensor(new float[] { 1, 3 }, [2, 1]), [1, 4]);
        var snap = stats.Snapshot();

        Assert.Equal(2, snap.Images);
        Assert.Equal(5, snap.EndImage);
        Assert.Equal(2.0, snap.Channels[0].Mean);
        Assert.Equal(1.0, snap.Channels[0].Std);
        Assert.Equal(1, snap.Channels[0].Overflow);
    }

    [Fact]
    public void Should_refuse_to_merge_parts_that_are_not_contiguous()
    {
        var spec = new HistogramSpec(0f, 1f, 2);
        var a = new ChannelStatistics(1, spec);
        var b = new ChannelStatistics(1, spec, startImage: 5);

        var error = Assert.Throws<ConvLensException>(() => a.Merge(b));

        Assert.Contains("contiguous", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_report_quantiles_from_the_histogram()
    {
        using var scope = NewDisposeScope();
        var values = Enumerable.Range(0, 1000).Select(i => i / 1000f).ToArray();
        var stats = new ChannelStatistics(1, new HistogramSpec(0f, 1f, 100));

        stats.Update(tensor(values, [1, 1, 1000]).view(1, 1, 10, 100));
        var q = stats.Snapshot().Channels[0].Quantiles;

        var median = q[ChannelStatisticsSnapshot.QuantileLevels.ToList().IndexOf(0.5)];
        Assert.Equal(0.5, median, 0.011);
    }
}
