using ConvLens.Models;
using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Targets;

public class TargetTests
{
    [Fact]
    public void Should_sum_logits_of_several_classes()
    {
        using var model = TinyModels.SmallConvNet();
        using var scope = NewDisposeScope();
        var run = model.Run(rand(2, 3, 16, 16));

        var sum = new ClassLogit(0, 2).Score(run);

        var expected = run.Output![.., 0] + run.Output[.., 2];
        Assert.True(sum.allclose(expected));
    }

    [Fact]
    public void Should_score_one_for_the_reference_image_itself()
    {
        using var model = TinyModels.SmallConvNet();
        using var scope = NewDisposeScope();
        var image = rand(1, 3, 16, 16);
        var target = EmbeddingSimilarity.FromImage(model, image, "self");

        var score = target.Score(model.Run(image)).item<float>();

        Assert.Equal(1f, score, 4);
        Assert.Equal("similarity to self", target.Description);
    }

    [Fact]
    public void Should_read_channel_means_and_neurons_of_tapped_layers_by_alias()
    {
        using var model = new ModuleModel("aliased", TinyModels.SmallConvNet().Module, new Preprocessing { Height = 16, Width = 16 }, new Dictionary<string, string> { ["block"] = "relu2" });
        using var scope = NewDisposeScope();
        var channel = new ChannelMean("block", 3).Resolve(model);
        var neuron = new Neuron("block", 3, 1, 2).Resolve(model);
        var run = model.Run(rand(1, 3, 16, 16), ["relu2"]);

        Assert.Equal(run["relu2"][0, 3].mean().item<float>(), channel.Score(run).item<float>(), 5);
        Assert.Equal(run["relu2"][0, 3, 1, 2].item<float>(), neuron.Score(run).item<float>(), 5);
    }

    [Fact]
    public void Should_name_the_valid_range_When_a_channel_is_out_of_range()
    {
        using var model = TinyModels.SmallConvNet();
        using var scope = NewDisposeScope();
        var run = model.Run(rand(1, 3, 16, 16), ["relu2"]);

        var error = Assert.Throws<ConvLensException>(() => new ChannelMean("relu2", 8).Score(run));

        Assert.Contains("0..7", error.Message, StringComparison.Ordinal);
    }
}
