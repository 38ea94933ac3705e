using ConvLens.Models;
using ConvLens.Models.Onnx;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models.Onnx;

public class ResNet18FeaturizerTests(ITestOutputHelper output)
{
    public static TheoryData<string> Samples => ["astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Should_match_onnx_runtime_at_the_output_and_every_stage(string sample)
    {
        using var model = ResNet18Featurizer.Load();
        var stages = new[] { "conv1", "stage1", "stage2", "stage3", "stage4", "pool" };
        var names = stages.Select(model.ResolveLayer).ToArray();
        var rgb = OrtReference.LoadRgb(Path.Combine(OrtReference.SamplesFolder(), sample), 224);
        long[] shape = [1, 3, 224, 224];

        // The reference runs the package's own preprocessing graph, then the network, both in ONNX Runtime.
        using var prep = new InferenceSession(ResNet18Featurizer.PreprocessPath, OrtReference.Options());
        var pre = OrtReference.Run(prep, "OriginalInput", [.. rgb.Select(v => v * 255f)], shape, ["PreprocessedInput"])["PreprocessedInput"];
        var proto = OnnxModelLoader.ReadModel(ResNet18Featurizer.ModelPath);
        using var net = new InferenceSession(OrtReference.WithOutputs(proto, names), OrtReference.Options());
        var expected = OrtReference.Run(net, "Input247", pre.Data, pre.Shape, names);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var run = model.Run(tensor(rgb).reshape(shape), names);

        foreach (var (alias, name) in stages.Zip(names))
        {
            Assert.Equal(expected[name].Shape, run[name].shape);
            var (diff, max) = OrtReference.Compare(run[name], expected[name].Data);
            output.WriteLine($"{sample} {alias} ({name}): max |diff| {diff:G3}, max |ref| {max:G4}, ratio {diff / max:G3}");
            Assert.True(diff <= 1e-4 * max, $"{alias}: max |diff| {diff} > 1e-4 x {max}");
        }

        Assert.Equal(new long[] { 1, 512, 1, 1 }, run.Output!.shape);
    }

    [Fact]
    public void Should_expose_aliases_preprocessing_and_frozen_parameters()
    {
        using var model = ResNet18Featurizer.Load();

        Assert.Equal("resnet18-featurizer", model.Name);
        Assert.Equal("ReLU347_Output_0", model.ResolveLayer("stage3"));
        Assert.Equal("Pooling395_Output_0", model.ResolveLayer("pool"));
        Assert.Equal(ChannelOrder.Bgr, model.Preprocessing.Order);
        Assert.Equal(255f, model.Preprocessing.Scale);
        Assert.Equal(3 * 224 * 224, model.Preprocessing.MeanImage!.Length);
        Assert.InRange(model.Preprocessing.MeanImage.Average(), 90, 140);
        Assert.All(model.NamedParameters(), p => Assert.False(p.Parameter.requires_grad));
        // Conv weights (15,885,504) and BN scale/bias (11,648) are parameters; the BN running statistics are not.
        Assert.Equal(15_885_504 + 11_648, model.NamedParameters().Sum(p => p.Parameter.numel()));
    }

    [Fact]
    public void Should_describe_layers_with_shapes_receptive_fields_and_strides()
    {
        using var model = ResNet18Featurizer.Load();

        var layers = model.DescribeLayers(224, 224).ToDictionary(l => l.Alias ?? l.Name);

        Assert.Equal(new long[] { 1, 64, 112, 112 }, layers["conv1"].OutputShape);
        Assert.Equal((7, 2), (layers["Convolution249_Output_0"].ReceptiveField, layers["Convolution249_Output_0"].Stride));
        Assert.Equal(9408, layers["Convolution249_Output_0"].ParameterCount);
        Assert.Equal("Conv", layers["Convolution249_Output_0"].Kind);
        Assert.Equal(new long[] { 1, 256, 14, 14 }, layers["stage3"].OutputShape);
        Assert.Equal(16, layers["stage3"].Stride);
        Assert.Equal(new long[] { 1, 512, 1, 1 }, layers["pool"].OutputShape);
        Assert.Equal(32, layers["stage4"].Stride);
        Assert.True(layers["stage4"].ReceptiveField > 224);
    }

    [Fact]
    public void Should_give_the_first_conv_filters_for_the_conv1_alias()
    {
        using var model = ResNet18Featurizer.Load();
        using var scope = NewDisposeScope();

        var w = model.ConvolutionWeight("conv1");

        Assert.NotNull(w);
        Assert.Equal(new long[] { 64, 3, 7, 7 }, w.shape);
        Assert.Null(model.ConvolutionWeight("Plus267_Output_0"));
    }

    [Fact]
    public void Should_stop_at_stage3_for_inputs_the_full_graph_cannot_take()
    {
        using var model = ResNet18Featurizer.Load();
        using var scope = NewDisposeScope();
        var images = rand(1, 3, 128, 128);

        var run = model.Run(images, ["stage3"], needOutput: false);
        var error = Assert.Throws<OnnxImportException>(() => model.Run(images));

        Assert.Equal(new long[] { 1, 256, 8, 8 }, run["stage3"].shape);
        Assert.Contains("Pooling395", error.Message, StringComparison.Ordinal);
        Assert.Contains("224x224", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_package_When_the_model_files_are_missing()
    {
        using var empty = new Support.TempFolder();

        var error = Assert.Throws<ConvLensException>(() => ResNet18Featurizer.LoadFrom(empty.Path));

        Assert.Contains("ResNet18.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML.DnnImageFeaturizer.ResNet18", error.Message, StringComparison.Ordinal);
    }
}
