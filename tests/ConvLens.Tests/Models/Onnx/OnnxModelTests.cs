using ConvLens.Models;
using ConvLens.Models.Onnx;
using TorchSharp;
using ConvLens.Tests.Support;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models.Onnx;

[Collection("Sequential")]
public class OnnxModelTests
{
    [Fact]
    public void Should_keep_its_weights_When_loaded_inside_a_dispose_scope()
    {
        using var folder = new TempFolder();
        OnnxModel model;
        using (NewDisposeScope())
        {
            model = OnnxModelLoader.Load(OnnxGradientTests.SmallNet(folder.Path));
        }

        using (model)
        using (NewDisposeScope())
        {
            Assert.Equal(new long[] { 2, 5 }, model.Run(rand(2, 3, 9, 9)).Output!.shape);
        }
    }

    [Fact]
    public void Should_leave_no_tensor_alive_after_a_run_in_a_scope()
    {
        using var folder = new TempFolder();
        using var model = OnnxModelLoader.Load(OnnxGradientTests.SmallNet(folder.Path));
        using (NewDisposeScope())
        {
            model.Run(rand(1, 3, 9, 9), ["relu"]);
        }

        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (NewDisposeScope())
        {
            var images = rand(1, 3, 9, 9).requires_grad_(true);
            var run = model.Run(images, ["relu", "conv"]);
            autograd.grad([run.Output!.sum()], [images]);
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Should_describe_every_layer_with_receptive_field_and_stride()
    {
        using var folder = new TempFolder();
        using var model = OnnxModelLoader.Load(OnnxGradientTests.SmallNet(folder.Path));

        var layers = model.DescribeLayers(9, 9).ToDictionary(l => l.Name);

        Assert.Equal(["conv", "bn", "relu", "pool", "flat", "y"], model.LayerNames);
        Assert.Equal((3, 2), (layers["conv"].ReceptiveField, layers["conv"].Stride));
        Assert.Equal((5, 4), (layers["pool"].ReceptiveField, layers["pool"].Stride));
        Assert.Equal(4 * 3 * 9 + 4, layers["conv"].ParameterCount);
        Assert.Equal(8, layers["bn"].ParameterCount);
        Assert.Equal(new long[] { 1, 5 }, layers["y"].OutputShape);
        Assert.Equal("Gemm", layers["y"].Kind);
        Assert.Equal((9, 9), (model.Preprocessing.Height, model.Preprocessing.Width));
    }

    [Fact]
    public void Should_apply_layer_and_relu_substitutions_in_run_with()
    {
        using var folder = new TempFolder();
        using var model = OnnxModelLoader.Load(OnnxGradientTests.SmallNet(folder.Path));
        using var scope = NewDisposeScope();
        var images = rand(1, 3, 9, 9);

        var zeroed = model.Run(images, ["relu", "pool"], true, new RunOverrides { LayerOutputs = new Dictionary<string, Func<Tensor, Tensor>> { ["bn"] = t => zeros_like(t) } });
        var doubled = model.Run(images, ["relu"], true, new RunOverrides { Relu = t => t * 2 });
        var plain = model.Run(images, ["relu"]);

        Assert.Equal(0f, zeroed["relu"].abs().sum().item<float>());
        Assert.Equal(0f, zeroed["pool"].abs().sum().item<float>());
        Assert.True((doubled["relu"] - (2 * plain["relu"])).abs().max().item<float>() < 1e-6f);
    }
}
