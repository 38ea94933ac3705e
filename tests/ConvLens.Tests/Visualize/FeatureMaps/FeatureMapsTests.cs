using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.FeatureMaps;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.FeatureMaps;

public class FeatureMapsTests
{
    [Fact]
    public void Should_equal_the_tapped_activations_exactly_for_several_layers()
    {
        using var model = TinyModels.SmallConvNet();
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        var image = rand(3, 16, 16);
        var run = model.Run(image.unsqueeze(0), ["relu1", "conv2"]);

        var results = ConvLens.Visualize.FeatureMaps.FeatureMaps.Compute(model, image, ["relu1", "conv2"]);

        Assert.Equal(["relu1", "conv2"], results.Select(r => r.Layer));
        foreach (var r in results)
        {
            var tap = run[r.Layer][0];
            Assert.Equal(tap.shape[0], r.ChannelCount);
            Assert.Equal(tap.shape[1], r.Height);
            Assert.Equal(tap.shape[2], r.Width);
            foreach (var c in r.Channels)
            {
                var expected = tap[c.Channel].flatten().data<float>().ToArray();
                Assert.Equal(expected, c.Values);
                Assert.Equal(expected.Max(), c.Max);
                Assert.Equal(expected.Count(v => v > 0) / (double)expected.Length, c.FractionActive);
            }

            Assert.Equal(tap.min().item<float>(), r.LayerMin);
            Assert.Equal(tap.max().item<float>(), r.LayerMax);
            Assert.Equal(tap.mean([0]).flatten().data<float>().ToArray(), r.MeanMap);
        }
    }

    [Fact]
    public void Should_pick_the_top_k_channels_by_mean_in_descending_order()
    {
        using var model = TinyModels.SmallConvNet();
        using var scope = NewDisposeScope();
        var image = rand(1, 3, 16, 16);

        var r = ConvLens.Visualize.FeatureMaps.FeatureMaps.Compute(model, image, ["conv2"], ChannelSelection.TopK(3))[0];

        var all = ConvLens.Visualize.FeatureMaps.FeatureMaps.Compute(model, image, ["conv2"])[0];
        var expected = all.Channels.OrderByDescending(c => c.Mean).Take(3).Select(c => c.Channel);
        Assert.Equal(expected, r.Channels.Select(c => c.Channel));
    }

    [Fact]
    public void Should_return_a_channel_range_and_reject_one_out_of_bounds()
    {
        using var model = TinyModels.SmallConvNet();
        using var scope = NewDisposeScope();
        var image = rand(3, 16, 16);

        var r = ConvLens.Visualize.FeatureMaps.FeatureMaps.Compute(model, image, ["conv2"], ChannelSelection.ParseRange("2-5"))[0];
        var error = Assert.Throws<ConvLensException>(() => ConvLens.Visualize.FeatureMaps.FeatureMaps.Compute(model, image, ["conv1"], ChannelSelection.ParseRange("9-12")));

        Assert.Equal([2, 3, 4, 5], r.Channels.Select(c => c.Channel));
        Assert.Contains("out of range", error.Message, StringComparison.Ordinal);
    }
}
