using ConvLens.Models;
using ConvLens.Models.Onnx;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models;

/// <summary>
/// Input gradients through ResNet-50-shaped networks, whose strided 1x1 convolutions kill the process on CPUs that hide
/// their cache sizes unless oneDNN is given the real ones (<see cref="ConvLens.Engine.OneDnnCacheRepair"/>,
/// docs/engine.md). The reference runs in float64, which libtorch computes with its own convolution instead of
/// oneDNN's, so it cannot crash.
/// </summary>
public class ResNet50InputGradientTests(ITestOutputHelper log)
{
    [Fact]
    public void Should_give_the_reference_forward_bitwise_and_the_float64_input_gradient_When_resnet50_bottlenecks_run_in_onnx()
    {
        using var folder = new TempFolder();
        var network = new BottleneckNetwork(seed: 3);
        using var graph = OnnxModelLoader.LoadGraph(network.Save(folder.Path));
        using var scope = NewDisposeScope();
        // 56x56 gives the downsample convolutions ResNet-50's own 512x28x28 and 1024x14x14 inputs; 28x28 keeps the
        // float64 gradient cheap and still crashes here without the repair.
        var large = rand([1, 3, 56, 56], generator: new Generator(4));
        var images = rand([1, 3, 28, 28], generator: new Generator(5));
        var x64 = images.to_type(ScalarType.Float64).requires_grad_(true);
        var expected = network.Reference(x64);
        var expectedGrad = autograd.grad([expected.pow(2).sum()], [x64])[0];
        Tensor plainLarge;
        using (no_grad())
        {
            plainLarge = network.Reference(large);
        }

        var x = images.detach().requires_grad_(true);

        var output = graph.call(x);
        var grad = autograd.grad([output.pow(2).sum()], [x])[0];
        Tensor outputLarge;
        using (no_grad())
        {
            outputLarge = graph.call(large);
        }

        Assert.Equal(new long[] { 1, 2048, 1, 1 }, output.shape);
        Assert.Equal(0f, (outputLarge - plainLarge).abs().max().item<float>());
        // Float32 against float64, relative to the largest entry: measured 1.1e-7 (output) and 2.1e-7 (gradient).
        Assert.True(MaxRelativeError("bottleneck output", output, expected) < 1e-5);
        Assert.True(MaxRelativeError("bottleneck input gradient", grad, expectedGrad) < 1e-5);
    }

    [Fact]
    public void Should_match_the_float64_module_When_taking_the_input_gradient_of_torchvision_resnet50()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(8);
        var module = Frozen(torchvision.models.resnet50());
        // 112x112 keeps the float64 pass near two seconds, and still crashes here without the repair.
        var images = rand([1, 3, 112, 112], generator: new Generator(9));
        module.to(ScalarType.Float64);
        var x64 = images.to_type(ScalarType.Float64).requires_grad_(true);
        var expectedGrad = autograd.grad([module.call(Preprocessing.ImageNet.Apply(x64)).sum()], [x64])[0];
        // Float32 values survive the round trip through float64 exactly.
        module.to(ScalarType.Float32);
        using var model = new ModuleModel("torchvision:resnet50", module, Preprocessing.ImageNet);
        var x = images.detach().requires_grad_(true);

        var grad = autograd.grad([model.Run(x).Output!.sum()], [x])[0];

        // Measured 1.2e-6 here. The bound is loose on purpose: in float32 a ReLU unit or max-pool window within rounding
        // of a tie can switch and move whole gradient entries. At 224x224 that happens: libtorch's float32 gradient
        // (ONEDNN_MAX_CPU_ISA=SSE41, where it does not crash) is 4.9e-3 from float64. A convolution that dropped or
        // misplaced gradient would be off by tens of percent.
        Assert.True(NormwiseRelativeError("resnet50 input gradient", grad, expectedGrad) < 2e-2);
    }

    private static nn.Module<Tensor, Tensor> Frozen(nn.Module<Tensor, Tensor> module)
    {
        module.eval();
        foreach (var p in module.parameters())
        {
            p.requires_grad_(false);
        }

        return module;
    }

    private double MaxRelativeError(string what, Tensor actual, Tensor expected)
    {
        var scale = expected.abs().max().item<double>();
        var error = (actual.to_type(ScalarType.Float64) - expected).abs().max().item<double>() / scale;
        log.WriteLine($"{what}: max |float64| {scale:G3}, largest error relative to it {error:G3}");
        Assert.True(scale > 0, $"{what} is all zeros");
        return error;
    }

    private double NormwiseRelativeError(string what, Tensor actual, Tensor expected)
    {
        var norm = expected.norm().item<double>();
        var diff = actual.to_type(ScalarType.Float64) - expected;
        var error = diff.norm().item<double>() / norm;
        var largest = (diff.abs().max() / expected.abs().max()).item<double>();
        log.WriteLine($"{what}: |float64| {norm:G3}, normwise relative error {error:G3}, largest entry error {largest:G3} of the largest entry");
        Assert.True(norm > 0, $"{what} is all zeros");
        return error;
    }
}
