using ConvLens.Models;
using ConvLens.Models.Onnx;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models.Ort;

/// <summary>ONNX Runtime runs give libtorch's values (within 1e-5 relative) on the built-in model and two zoo-style graphs.</summary>
[Collection("Sequential")]
public class OrtForwardEngineTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Should_equal_libtorch_on_the_builtin_model_at_every_stage_and_the_output(int batch)
    {
        using var model = ResNet18Featurizer.Load();

        AssertSameAsTorch(model, Images(batch, 224, 224), ["conv1", "stage1", "stage2", "stage3", "stage4", "pool"]);
    }

    [Fact]
    public void Should_equal_libtorch_on_a_resnet50_style_bottleneck_network()
    {
        using var folder = new TempFolder();
        using var model = OnnxModelLoader.Load(new BottleneckNetwork(3).Save(folder.Path));

        AssertSameAsTorch(model, Images(2, 64, 64), ["stem.relu", "layer3", "layer4", "y"]);
    }

    [Fact]
    public void Should_equal_libtorch_on_a_mobilenet_style_network_declared_for_batch_1()
    {
        using var folder = new TempFolder();
        using var model = OnnxModelLoader.Load(MobileNetStyleNetwork.Save(folder.Path));

        AssertSameAsTorch(model, Images(4, 32, 32), MobileNetStyleNetwork.Values);
    }

    [Theory]
    [InlineData("builtin", 224, true)]
    [InlineData("builtin", 160, false)]
    [InlineData("bottleneck", 64, true)]
    public void Should_feed_the_network_exactly_the_preprocessed_input_whether_the_session_preprocesses_or_libtorch_does(string which, int size, bool inGraph)
    {
        using var folder = new TempFolder();
        using var model = which == "builtin" ? ResNet18Featurizer.Load() : OnnxModelLoader.Load(new BottleneckNetwork(3).Save(folder.Path));
        var inputName = model.Graph.InputName(0);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var images = Images(2, size, size);
        var expected = Copy(model.Preprocessing.Apply(images));
        var sessionsBefore = model.Ort!.Runs;

        // The model input itself as a tap: with the preprocessing in the session it is the last preprocessing node's output.
        var run = model.Ort.RunImages(images, [inputName], needOutput: false, required: true)!;

        Assert.Equal(inGraph, ConvLens.Models.Ort.PreprocessingGraph.Folds(model.Preprocessing, size, size));
        Assert.Equal(sessionsBefore + 1, model.Ort.Runs);
        Assert.Equal(expected.Shape, run.Taps[inputName].shape);
        Assert.Equal(expected.Data, Copy(run.Taps[inputName]).Data);
    }

    [Fact]
    public void Should_give_the_same_error_for_a_grey_image_on_ort_as_on_libtorch()
    {
        using var model = ResNet18Featurizer.Load();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var grey = rand([1, 1, 224, 224]);

        var onOrt = Assert.Throws<ConvLensException>(() => model.Ort!.RunImages(grey, [], needOutput: true, required: true));
        model.Engine = ModelEngine.Torch;
        var onTorch = Assert.Throws<ConvLensException>(() => model.Run(grey));

        Assert.Equal(onTorch.Message, onOrt.Message);
        Assert.Contains("[N,3,H,W]", onOrt.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_choose_ort_inside_no_grad_and_libtorch_when_gradients_or_overrides_are_possible()
    {
        using var folder = new TempFolder();
        using var model = OnnxModelLoader.Load(MobileNetStyleNetwork.Save(folder.Path));
        using var scope = NewDisposeScope();
        var x = Images(2, 32, 32);
        var overrides = new RunOverrides { LayerOutputs = new Dictionary<string, Func<Tensor, Tensor>> { ["block"] = t => t * 0 } };

        using (no_grad())
        {
            model.Run(x, ["block"]);
            model.Run(x, ["block"], true, overrides);
        }

        var ortRuns = model.Ort!.Runs;
        var tracked = model.Run(x.requires_grad_(true), ["block"]);
        model.Run(x.detach(), ["block"]);

        Assert.Equal(1, ortRuns);
        Assert.Equal(1, model.Ort.Runs);
        Assert.True(tracked.Output!.requires_grad);
    }

    [Fact]
    public void Should_refuse_gradients_and_overrides_when_forced_onto_ort()
    {
        using var folder = new TempFolder();
        using var model = OnnxModelLoader.Load(MobileNetStyleNetwork.Save(folder.Path));
        model.Engine = ModelEngine.Ort;
        using var scope = NewDisposeScope();
        var x = Images(1, 32, 32);

        var gradient = Assert.Throws<ConvLensException>(() => model.Run(x.detach().requires_grad_(true)));
        var overrides = Assert.Throws<ConvLensException>(() =>
            model.Run(x, ["block"], true, new RunOverrides { Relu = t => t }));

        Assert.Contains("computes no gradients", gradient.Message, StringComparison.Ordinal);
        Assert.Contains("cannot apply overrides", overrides.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_ort_for_a_model_that_is_not_an_onnx_file()
    {
        using var model = new ModuleModel("tiny", nn.Sequential(("conv", nn.Conv2d(3, 2, 3))), Preprocessing.ImageNet);

        var error = Assert.Throws<ConvLensException>(() => model.Engine = ModelEngine.Ort);

        Assert.Contains("not an ONNX model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_leave_no_tensors_behind()
    {
        using var folder = new TempFolder();
        using var model = OnnxModelLoader.Load(MobileNetStyleNetwork.Save(folder.Path));
        model.Engine = ModelEngine.Ort;
        using var x = Images(2, 32, 32).DetachFromDisposeScope();

        // The first run learns the output shapes and copies; the later ones write into preallocated tensors.
        TensorLeakGuard.AssertNoLeaks(() =>
        {
            for (var i = 0; i < 3; i++)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                model.Run(x, ["block", "pool"]);
            }
        });
    }

    [Fact]
    public void Should_give_every_thread_its_own_result_while_sessions_are_evicted()
    {
        using var folder = new TempFolder();
        using var model = OnnxModelLoader.Load(MobileNetStyleNetwork.Save(folder.Path));
        // Six tap sets against a cache of four: sessions are evicted while other threads still run them.
        string[][] tapSets = [.. MobileNetStyleNetwork.Values.Take(6).Select(v => new[] { v })];
        var expected = tapSets.Select(taps => Values(model, ModelEngine.Torch, Images(3, 32, 32), taps)).ToArray();
        model.Engine = ModelEngine.Ort;

        Parallel.For(0, 48, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var k = i % tapSets.Length;
            var actual = Values(model, ModelEngine.Ort, Images(3, 32, 32), tapSets[k]);
            AssertClose(tapSets[k][0], expected[k][tapSets[k][0]], actual[tapSets[k][0]]);
        });
    }

    private void AssertSameAsTorch(LoadedModel model, Tensor images, IReadOnlyList<string> taps)
    {
        var expected = Values(model, ModelEngine.Torch, images, taps);
        // Twice: the first run at a shape copies ORT's outputs, the second has ORT write into libtorch tensors.
        for (var round = 0; round < 2; round++)
        {
            var actual = Values(model, ModelEngine.Ort, images, taps);
            foreach (var name in expected.Keys)
            {
                AssertClose(name, expected[name], actual[name]);
            }
        }

        images.Dispose();
    }

    private void AssertClose(string name, (float[] Data, long[] Shape) expected, (float[] Data, long[] Shape) actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        double diff = 0, max = 0;
        for (var i = 0; i < expected.Data.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(expected.Data[i] - actual.Data[i]));
            max = Math.Max(max, Math.Abs(expected.Data[i]));
        }

        var relative = diff / Math.Max(max, 1e-30);
        output.WriteLine($"{name} [{string.Join(",", actual.Shape)}]: max |ort - torch| {diff:G3}, relative to max |torch| {relative:G3}");
        Assert.True(relative <= Tolerance, $"{name}: relative difference {relative:G3}");
    }

    /// <summary>The taps (and the output, as "output") of one no_grad run on <paramref name="engine"/>, copied out.</summary>
    private static Dictionary<string, (float[] Data, long[] Shape)> Values(LoadedModel model, ModelEngine engine, Tensor images, IReadOnlyList<string> taps)
    {
        model.Engine = engine;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var run = model.Run(images, taps);
        var result = taps.ToDictionary(t => t, t => Copy(run.Taps[t]), StringComparer.Ordinal);
        result["output"] = Copy(run.Output!);
        return result;
    }

    private static (float[] Data, long[] Shape) Copy(Tensor t) =>
        (t.detach().to(ScalarType.Float32).contiguous().data<float>().ToArray(), t.shape);

    private static Tensor Images(int n, int h, int w) => rand([n, 3, h, w], generator: new Generator((ulong)(n + h)));
}
