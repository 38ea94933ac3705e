using ConvLens.Models;
using ConvLens.Tests.Fixtures;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models;

public class ModuleModelTests
{
    [Fact]
    public void Should_tap_layers_and_give_gradients_at_them()
    {
        using var model = TinyModels.SmallConvNet();
        using var scope = NewDisposeScope();
        var images = rand(2, 3, 16, 16).requires_grad_(true);

        var run = model.Run(images, ["relu2", "conv1"]);
        var score = run.Output![.., 0].sum();
        var grads = autograd.grad([score], [run["relu2"], images]);

        Assert.Equal(new long[] { 2, 8, 8, 8 }, run["relu2"].shape);
        Assert.Equal(new long[] { 2, 4, 16, 16 }, run["conv1"].shape);
        Assert.Equal(run["relu2"].shape, grads[0].shape);
        Assert.True(grads[1].abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Should_tap_and_substitute_through_aliases_as_ONNX_models_do()
    {
        // torchvision:resnet* names its stages layer1..layer4 and answers to stage1..stage4, like the ONNX models.
        using var model = ModelCatalog.Load("torchvision:resnet18");
        using var scope = NewDisposeScope();
        var images = rand(1, 3, 64, 64, generator: new Generator(2));

        var byAlias = model.Run(images, ["stage3"]);
        var byName = model.Run(images, ["layer3"]);
        var zeroed = model.Run(images, ["stage4"], true, new RunOverrides { LayerOutputs = new Dictionary<string, Func<Tensor, Tensor>> { ["stage3"] = t => zeros_like(t) } });

        Assert.Equal(0f, (byAlias["stage3"] - byName["layer3"]).abs().max().item<float>());
        // Freshly initialised batch norms map 0 to 0, so a zeroed stage3 leaves stage4 all zeros.
        Assert.True(model.Run(images, ["stage4"])["stage4"].abs().max().item<float>() > 0);
        Assert.Equal(0f, zeroed["stage4"].abs().max().item<float>());
    }

    [Fact]
    public void Should_name_valid_choices_When_layer_is_unknown()
    {
        using var model = TinyModels.SmallConvNet();

        var error = Assert.Throws<ConvLensException>(() => model.ResolveLayer("conv9"));

        Assert.Contains("conv9", error.Message, StringComparison.Ordinal);
        Assert.Contains("conv1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_describe_layer_shapes_and_parameters()
    {
        using var model = TinyModels.SmallConvNet();

        var layers = model.DescribeLayers(16, 16);

        var conv2 = layers.Single(l => l.Name == "conv2");
        Assert.Equal(new long[] { 1, 8, 8, 8 }, conv2.OutputShape);
        Assert.Equal(4 * 8 * 9 + 8, conv2.ParameterCount);
        Assert.Equal(new long[] { 1, 3 }, layers.Single(l => l.Name == "fc").OutputShape);
    }
}
