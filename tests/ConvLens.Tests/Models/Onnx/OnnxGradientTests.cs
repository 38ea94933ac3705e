using ConvLens.Models.Onnx;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Tests.Models.Onnx;

public class OnnxGradientTests(ITestOutputHelper log)
{
    private const long Seed = 7;

    [Fact]
    public void Should_match_central_finite_differences_in_float64()
    {
        using var folder = new TempFolder();
        using var graph = OnnxModelLoader.LoadGraph(SmallNet(folder.Path));
        graph.to(ScalarType.Float64);
        using var scope = NewDisposeScope();
        var x = randn(new long[] { 1, 3, 9, 9 }, ScalarType.Float64, generator: new Generator(Seed)).requires_grad_(true);

        Tensor Loss(Tensor input) => graph.call(input).pow(2).sum();
        var grad = autograd.grad([Loss(x)], [x])[0];
        var numeric = zeros_like(x);
        const double h = 1e-6;
        using (no_grad())
        {
            var flat = x.detach().clone().flatten();
            for (var i = 0; i < flat.numel(); i++)
            {
                var plus = flat.clone();
                plus[i] += h;
                var minus = flat.clone();
                minus[i] -= h;
                numeric.flatten()[i] = (Loss(plus.reshape(x.shape)) - Loss(minus.reshape(x.shape))) / (2 * h);
            }
        }

        var relative = ((grad - numeric).abs().max() / numeric.abs().max()).item<double>();
        log.WriteLine($"float64 autograd vs central differences (h = 1e-6): max relative error {relative:G3}");
        Assert.True(relative < 1e-6, $"max relative error {relative}");
    }

    [Fact]
    public void Should_give_a_batch_the_input_gradients_of_its_images_one_by_one_on_the_builtin_model()
    {
        // A guard on any batch-dependent kernel choice: a channels-last convolution backward from batch 4 on was
        // 15-25 % faster but gave input gradients 1.7 % (relative) away from these (docs/performance.md).
        using var model = ResNet18Featurizer.Load();
        using var scope = NewDisposeScope();
        var images = rand(new long[] { 4, 3, 224, 224 }, generator: new Generator(Seed));

        Tensor Gradient(Tensor x)
        {
            var input = x.detach().requires_grad_(true);
            var stage3 = model.Run(input, ["stage3"], needOutput: false).Taps["stage3"];
            return autograd.grad([stage3.pow(2).sum()], [input])[0];
        }

        var batch = Gradient(images);
        var oneByOne = cat([.. Enumerable.Range(0, 4).Select(i => Gradient(images[i..(i + 1)]))], 0);
        var relative = ((batch - oneByOne).abs().max() / oneByOne.abs().max()).item<float>();

        log.WriteLine($"batch of 4 against one by one: max |difference| / max |gradient| = {relative:G3}");
        Assert.Equal(oneByOne.shape, batch.shape);
        Assert.True(relative < 1e-5, $"max relative difference {relative}");
    }

    [Fact]
    public void Should_match_the_same_network_built_in_torchsharp()
    {
        using var folder = new TempFolder();
        var path = SmallNet(folder.Path);
        using var graph = OnnxModelLoader.LoadGraph(path);
        using var scope = NewDisposeScope();
        var p = graph.named_parameters().ToDictionary(kv => kv.name, kv => kv.parameter.detach());
        var b = graph.named_buffers().ToDictionary(kv => kv.name, kv => kv.buffer.detach());
        var x1 = randn(new long[] { 2, 3, 9, 9 }, generator: new Generator(Seed)).requires_grad_(true);
        var x2 = x1.detach().clone().requires_grad_(true);

        var imported = graph.call(x1);
        // Conv pads [1,1,0,0] written as an explicit zero pad; BN in eval mode; MaxPool 2x2; Gemm as linear.
        var y = F.conv2d(F.pad(x2, [1, 0, 1, 0]), p["W"], p["B"], strides: [2, 2]);
        y = F.relu(F.batch_norm(y, b["mean"], b["var"], p["scale"], p["bias"], training: false, eps: 1e-5));
        y = F.max_pool2d(y, [2, 2], [2, 2]).flatten(1);
        var native = F.linear(y, p["fc"], p["fcb"]);
        var g1 = autograd.grad([imported.pow(2).sum()], [x1])[0];
        var g2 = autograd.grad([native.pow(2).sum()], [x2])[0];

        Assert.Equal(native.shape, imported.shape);
        Assert.True((imported - native).abs().max().item<float>() < 1e-5f);
        var relative = ((g1 - g2).abs().max() / g2.abs().max()).item<float>();
        log.WriteLine($"imported vs native TorchSharp: output max |diff| {(imported - native).abs().max().item<float>():G3}, input-gradient max relative difference {relative:G3}");
        Assert.True(relative < 1e-5f, $"max relative gradient difference {relative}");
    }

    [Fact]
    public void Should_free_intermediates_and_still_backpropagate()
    {
        using var folder = new TempFolder();
        using var model = OnnxModelLoader.Load(SmallNet(folder.Path));
        using var scope = NewDisposeScope();
        var images = rand(1, 3, 9, 9).requires_grad_(true);

        var run = model.Run(images, ["relu"]);
        var grads = autograd.grad([run.Output!.sum()], [run["relu"], images]);

        Assert.Equal(new long[] { 1, 4, 4, 4 }, run["relu"].shape);
        Assert.True(grads[1].abs().sum().item<float>() > 0);
    }

    /// <summary>Conv 3→4 3x3/2 pads [1,1,0,0] → BN → Relu → MaxPool 2x2 → Flatten → Gemm(16·... → 5).</summary>
    internal static string SmallNet(string dir)
    {
        var g = new Generator(Seed);
        float[] R(params long[] shape) => randn(shape, generator: g).data<float>().ToArray();
        float[] Positive(params long[] shape) => (rand(shape, generator: g) + 0.5f).data<float>().ToArray();
        return new OnnxModelBuilder(13)
            .Input("x", null, 3, 9, 9)
            .Initializer("W", R(4, 3, 3, 3), 4, 3, 3, 3)
            .Initializer("B", R(4), 4)
            .Initializer("scale", Positive(4), 4)
            .Initializer("bias", R(4), 4)
            .Initializer("mean", R(4), 4)
            .Initializer("var", Positive(4), 4)
            .Initializer("fc", R(5, 16), 5, 16)
            .Initializer("fcb", R(5), 5)
            .Node("Conv", ["x", "W", "B"], ["conv"], ("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 0, 0 }))
            .Node("BatchNormalization", ["conv", "scale", "bias", "mean", "var"], ["bn"])
            .Node("Relu", ["bn"], ["relu"])
            .Node("MaxPool", ["relu"], ["pool"], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }))
            .Node("Flatten", ["pool"], ["flat"])
            .Node("Gemm", ["flat", "fc", "fcb"], ["y"], ("transB", 1L))
            .Output("y")
            .Save(dir);
    }
}
