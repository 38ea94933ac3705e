using ConvLens.Models;
using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.FeatureMaps;
using ConvLens.Visualize.Filters;
using ConvLens.Visualize.Statistics;

namespace ConvLens.Tests;

/// <summary>Library errors say what is wrong in library terms; the front ends add their own flags and commands.</summary>
public class LibraryErrorMessageTests
{
    private static readonly Dictionary<string, (Action Fail, string Expected)> Failures = new()
    {
        ["filter count"] = (() => WithModel(m => FilterWeights.Compute(m, "conv2", count: 0)), "the filter count must be at least 1, got 0"),
        ["not a convolution"] = (() => WithModel(m => FilterWeights.Compute(m, "pool")), "layer 'pool' of model 'small-convnet' is not a convolution"),
        ["shard"] = (() => Shard.Parse("3/2"), "a shard must be I/N with 1 <= I <= N (e.g. 2/4), got '3/2'"),
        ["top channels"] = (() => ChannelSelection.TopK(0), "the number of top channels must be at least 1, got 0"),
        ["channel range"] = (() => ChannelSelection.ParseRange("a-b"), "a channel range must be FIRST-LAST (e.g. 0-15) or one index, got 'a-b'"),
        ["unknown layer"] = (() => WithModel(m => m.ResolveLayer("conv9")), "unknown layer 'conv9' in model 'small-convnet'"),
        ["unknown device"] = (() => ModelCatalog.ParseDevice("tpu"), "unknown device 'tpu'; accepted: cpu, cuda, cuda:N"),
    };

    public static TheoryData<string> Cases => [.. Failures.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_say_what_is_wrong_without_naming_a_flag_or_a_command(string name)
    {
        var (fail, expected) = Failures[name];

        var error = Assert.Throws<ConvLensException>(fail);

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("convlens ", error.Message, StringComparison.Ordinal);
    }

    private static void WithModel(Action<LoadedModel> use)
    {
        using var model = TinyModels.SmallConvNet();
        use(model);
    }
}
