using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution;

/// <summary>Every registered method × a fixture: shape, range, no NaN, deterministic, no hooks or tensors left.</summary>
[Collection("Sequential")]
public class AttributionContractTests
{
    public static TheoryData<string> Ids() => [.. AttributionMethods.Ids];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Should_return_one_normalised_map_per_image_and_target(string id)
    {
        using var model = TinyModels.SmallConvNet();
        var method = AttributionMethods.Create(id);
        var request = new AttributionRequest { Layer = method.RequiresLayer ? "relu2" : null, Targets = [new ClassLogit(0), new TopClass()], Seed = 3, BatchSize = 4 };
        using var images = Images();

        AttributionResult? first = null;
        TensorLeakGuard.AssertNoLeaks(() => first = method.Explain(model, images, request));
        var second = method.Explain(model, images, request);

        Assert.NotNull(first);
        Assert.Equal(id, first.Method);
        Assert.Equal(3 * 2, first.Maps.Count);
        foreach (var map in first.Maps)
        {
            Assert.Equal(16, map.Height);
            Assert.Equal(16, map.Width);
            Assert.Equal(256, map.Values.Length);
            Assert.Equal(256, map.Raw.Length);
            Assert.All(map.Values, v => Assert.True(v is >= 0f and <= 1f, $"{id}: value {v} outside [0,1]"));
            Assert.DoesNotContain(map.Raw, float.IsNaN);
        }

        for (var i = 0; i < first.Maps.Count; i++)
        {
            Assert.Equal(first.Maps[i].Values, second.Maps[i].Values);
        }

        Assert.Equal(0, HookInspector.ForwardHookCount(model.Module));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Should_leave_no_hooks_When_the_target_is_out_of_range(string id)
    {
        using var model = TinyModels.SmallConvNet();
        var method = AttributionMethods.Create(id);
        var request = new AttributionRequest { Layer = method.RequiresLayer ? "relu2" : null, Targets = [new ClassLogit(7)] };
        using var images = Images();

        var error = Assert.Throws<ConvLensException>(() => method.Explain(model, images, request));

        Assert.Contains("0..2", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, HookInspector.ForwardHookCount(model.Module));
    }

    private static Tensor Images()
    {
        using var generator = new Generator(5);
        return rand([3, 3, 16, 16], generator: generator);
    }
}
