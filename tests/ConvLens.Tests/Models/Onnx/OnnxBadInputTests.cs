using ConvLens.Models.Onnx;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models.Onnx;

public class OnnxBadInputTests
{
    [Fact]
    public void Should_name_the_file_When_it_is_empty()
    {
        using var folder = new TempFolder();
        var path = folder.File("empty.onnx");
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<OnnxImportException>(() => OnnxModelLoader.Load(path));

        Assert.Contains("empty.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("empty", error.Message[error.Message.IndexOf(':', StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_file_When_it_is_truncated()
    {
        using var folder = new TempFolder();
        var bytes = File.ReadAllBytes(OnnxGradientTests.SmallNet(folder.Path));
        var path = folder.File("cut.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<OnnxImportException>(() => OnnxModelLoader.Load(path));

        Assert.StartsWith("cut.onnx:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Should_say_not_onnx_When_the_file_is_an_image()
    {
        var path = Path.Combine(OrtReference.SamplesFolder(), "rocket.jpg");

        var error = Assert.Throws<OnnxImportException>(() => OnnxModelLoader.Load(path));

        Assert.Contains("rocket.jpg", error.Message, StringComparison.Ordinal);
        Assert.Contains("not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_say_it_does_not_exist_When_the_path_is_wrong()
    {
        var error = Assert.Throws<OnnxImportException>(() => OnnxModelLoader.Load("/no/such/model.onnx"));

        Assert.Contains("/no/such/model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_op_node_opset_and_supported_ops_When_an_op_is_unknown()
    {
        using var folder = new TempFolder();
        var path = new OnnxModelBuilder(11).Input("x", 1, 3, 4, 4)
            .Node("Relu", ["x"], ["r"])
            .Node("GridSample", ["r", "r"], ["y"])
            .Output("y").Save(folder.Path, "odd");

        var error = Assert.Throws<OnnxImportException>(() => OnnxModelLoader.Load(path));

        Assert.Contains("odd.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("GridSample_1", error.Message, StringComparison.Ordinal);
        Assert.Contains("'GridSample'", error.Message, StringComparison.Ordinal);
        Assert.Contains("opset 11", error.Message, StringComparison.Ordinal);
        Assert.Contains("supported ops: Abs, ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_attribute_When_a_required_one_is_missing()
    {
        using var folder = new TempFolder();
        var path = new OnnxModelBuilder(13).Input("x", 1, 3, 4, 4)
            .Node("MaxPool", ["x"], ["y"]).Output("y").Save(folder.Path);

        var error = Assert.Throws<OnnxImportException>(() => OnnxModelLoader.Load(path));

        Assert.Contains("MaxPool_0", error.Message, StringComparison.Ordinal);
        Assert.Contains("kernel_shape", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_value_When_a_node_reads_something_undefined()
    {
        using var folder = new TempFolder();
        var path = new OnnxModelBuilder(13).Input("x", 1, 3, 4, 4)
            .Node("Add", ["x", "ghost"], ["y"]).Output("y").Save(folder.Path);

        var error = Assert.Throws<OnnxImportException>(() => OnnxModelLoader.Load(path));

        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_domain_When_a_node_is_outside_the_default_one()
    {
        using var folder = new TempFolder();
        var builder = new OnnxModelBuilder(13).Input("x", 1, 3, 4, 4).Node("Relu", ["x"], ["y"]).Output("y");
        var model = builder.Build();
        model.Graph.Node[0].Domain = "com.microsoft";
        var path = folder.File("ms.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(model));

        var error = Assert.Throws<OnnxImportException>(() => OnnxModelLoader.Load(path));

        Assert.Contains("com.microsoft", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_list_layers_When_a_layer_name_is_unknown()
    {
        using var folder = new TempFolder();
        using var model = OnnxModelLoader.Load(OnnxGradientTests.SmallNet(folder.Path));

        var error = Assert.Throws<ConvLensException>(() => model.ResolveLayer("layer9"));

        Assert.Contains("layer9", error.Message, StringComparison.Ordinal);
        Assert.Contains("relu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_node_shapes_and_expected_size_When_the_input_size_is_wrong()
    {
        using var folder = new TempFolder();
        using var model = OnnxModelLoader.Load(OnnxGradientTests.SmallNet(folder.Path));
        using var scope = NewDisposeScope();

        var error = Assert.Throws<OnnxImportException>(() => model.Run(rand(1, 3, 17, 17)));

        Assert.Contains("Gemm", error.Message, StringComparison.Ordinal);
        Assert.Contains("[1,64]", error.Message, StringComparison.Ordinal);
        Assert.Contains("9x9", error.Message, StringComparison.Ordinal);
    }
}
