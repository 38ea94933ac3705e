using ConvLens.Models.Onnx;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Tests.Models.Onnx.Ops;

/// <summary>
/// The cases libonnx-testdata does not reach (docs/contributing/onnx-import-pitfalls.md §3.3, §4, §5.3, §10):
/// checked against explicit formulas.
/// </summary>
public class PaddingAndPoolingTests
{
    [Theory]
    [InlineData(224)]
    [InlineData(225)]
    [InlineData(113)]
    [InlineData(114)]
    public void Should_match_explicit_padding_for_the_featurizer_pads_at_any_size(int size)
    {
        using var folder = new TempFolder();
        var w = randn(new long[] { 4, 3, 7, 7 }, generator: new Generator(3));
        var path = new OnnxModelBuilder(8).Input("x", 1, 3, size, size)
            .Initializer("W", w.data<float>().ToArray(), 4, 3, 7, 7)
            .Node("Conv", ["x", "W"], ["c"], ("kernel_shape", new long[] { 7, 7 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 3, 3, 2, 2 }))
            .Node("MaxPool", ["c"], ["p"], ("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 0, 0 }))
            .Output("p").Save(folder.Path);
        using var graph = OnnxModelLoader.LoadGraph(path);
        using var scope = NewDisposeScope();
        var x = randn(new long[] { 1, 3, size, size }, generator: new Generator(4));

        var actual = graph.call(x);
        var c = F.conv2d(F.pad(x, [3, 2, 3, 2]), w, strides: [2, 2]);
        var expected = F.max_pool2d(F.pad(c, [1, 0, 1, 0], value: double.NegativeInfinity), [3, 3], [2, 2]);

        Assert.Equal(expected.shape, actual.shape);
        Assert.True((actual - expected).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void Should_drop_a_ceil_mode_window_that_starts_in_the_end_padding()
    {
        // L = 4, k = 2, s = 2, pads [0, 1]: ONNX gives 2 outputs where pad-then-pool gives 3.
        var y = Run(new OnnxModelBuilder(13).Input("x", 1, 1, 4)
            .Node("MaxPool", ["x"], ["y"], ("kernel_shape", new long[] { 2 }), ("strides", new long[] { 2 }), ("pads", new long[] { 0, 1 }), ("ceil_mode", 1L))
            .Output("y"), tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 1, 4));

        Assert.Equal(new float[] { 2, 4 }, y.data<float>().ToArray());
    }

    [Fact]
    public void Should_average_only_real_elements_with_asymmetric_pads()
    {
        var y = Run(new OnnxModelBuilder(13).Input("x", 1, 1, 1, 3)
            .Node("AveragePool", ["x"], ["y"], ("kernel_shape", new long[] { 1, 3 }), ("strides", new long[] { 1, 1 }), ("pads", new long[] { 0, 2, 0, 0 }))
            .Output("y"), tensor(new float[] { 3, 6, 9 }).reshape(1, 1, 1, 3));

        // Windows [pad, pad, 3], [pad, 3, 6], [3, 6, 9]: divided by 1, 2 and 3 real elements.
        Assert.Equal(new float[] { 3, 4.5f, 6 }, y.data<float>().ToArray());
    }

    [Fact]
    public void Should_put_the_extra_neighbour_after_the_channel_for_an_even_LRN_size()
    {
        var x = tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 4, 1, 1);

        var y = Run(new OnnxModelBuilder(13).Input("x", 1, 4, 1, 1)
            .Node("LRN", ["x"], ["y"], ("size", 2L), ("alpha", 0.5f), ("beta", 1f), ("bias", 1f))
            .Output("y"), x);

        // size 2: channel c sums c and c + 1; Y = X / (1 + 0.5/2 · S).
        float[] s = [1 + 4, 4 + 9, 9 + 16, 16];
        var expected = new[] { 1f, 2, 3, 4 }.Select((v, i) => v / (1 + (0.25f * s[i]))).ToArray();
        Assert.Equal(expected, y.data<float>().ToArray(), new FloatComparer(1e-6f));
    }

    [Fact]
    public void Should_coerce_softmax_to_2d_before_opset_13()
    {
        var x = randn(new long[] { 2, 3, 4 }, generator: new Generator(5));

        var y = Run(new OnnxModelBuilder(11).Input("x", 2, 3, 4)
            .Node("Softmax", ["x"], ["y"], ("axis", 1L)).Output("y"), x);

        var expected = F.softmax(x.reshape(2, 12), 1).reshape(2, 3, 4);
        Assert.True((y - expected).abs().max().item<float>() < 1e-6f);
    }

    private static Tensor Run(OnnxModelBuilder builder, Tensor x)
    {
        using var folder = new TempFolder();
        using var graph = OnnxModelLoader.LoadGraph(builder.Save(folder.Path));
        return graph.call(x);
    }

    private sealed class FloatComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
