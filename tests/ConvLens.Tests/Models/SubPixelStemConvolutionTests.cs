using ConvLens.Models;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Tests.Models;

public class SubPixelStemConvolutionTests(ITestOutputHelper log)
{
    // in channels, kernel (h, w), stride (h, w), padding (h, w), input (h, w): the stems of common networks, then odd
    // sizes, pads wider than the stride, a kernel smaller than the stride and non-square everything.
    public static TheoryData<int, int, int, int, int, int, int, int, int> Shapes => new()
    {
        { 3, 7, 7, 2, 2, 3, 3, 224, 224 }, // ResNet
        { 3, 3, 3, 2, 2, 1, 1, 224, 224 }, // MobileNet, EfficientNet
        { 3, 4, 4, 4, 4, 0, 0, 64, 64 }, // ConvNeXt, Swin patch embedding
        { 3, 16, 16, 16, 16, 0, 0, 64, 48 }, // ViT patch embedding
        { 1, 5, 5, 3, 3, 2, 2, 29, 31 },
        { 4, 3, 5, 2, 3, 0, 2, 17, 20 },
        { 2, 2, 2, 3, 3, 0, 0, 14, 13 }, // kernel smaller than the stride: some pixels get no gradient
        { 3, 7, 3, 2, 1, 4, 1, 23, 9 },
        { 3, 1, 1, 2, 2, 0, 0, 15, 16 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Should_give_the_input_gradient_of_libtorchs_own_convolution(int cin, int kh, int kw, int sh, int sw, int ph, int pw, int h, int w)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(11);
        var weight = randn([5, cin, kh, kw], generator: gen);
        var bias = randn([5], generator: gen);
        var x = rand([2, cin, h, w], generator: gen).requires_grad_(true);
        long[] stride = [sh, sw];
        long[] padding = [ph, pw];
        Assert.True(SubPixelStemConvolution.Applies(x, weight, bias, stride, [1, 1], 1));

        var expected = F.conv2d(x, weight, bias, stride, padding);
        var actual = SubPixelStemConvolution.Apply(x, weight, bias, stride, padding);
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(0, (actual - expected).abs().max().item<float>());

        var g = randn(expected.shape, generator: gen);
        var reference = autograd.grad([expected], [x], [g])[0];
        var gradient = autograd.grad([actual], [x], [g])[0];
        var relative = ((gradient - reference).abs().max() / reference.abs().max()).item<float>();
        log.WriteLine($"max relative difference {relative:E2}");
        Assert.Equal(reference.shape, gradient.shape);
        Assert.True(relative < 1e-5, $"relative difference {relative}");
    }

    [Fact]
    public void Should_leave_a_layer_to_libtorch_When_its_weight_needs_a_gradient_or_it_is_not_a_strided_stem()
    {
        using var scope = NewDisposeScope();
        var x = rand([1, 3, 8, 8]).requires_grad_(true);
        var w = rand([4, 3, 3, 3]);
        Assert.False(SubPixelStemConvolution.Applies(x, w.requires_grad_(true), null, [2, 2], [1, 1], 1));
        w = rand([4, 3, 3, 3]);
        Assert.False(SubPixelStemConvolution.Applies(x, w, null, [1, 1], [1, 1], 1));
        Assert.False(SubPixelStemConvolution.Applies(x, w, null, [2, 2], [2, 2], 1));
        Assert.False(SubPixelStemConvolution.Applies(rand([1, 8, 8, 8]).requires_grad_(true), rand([4, 8, 3, 3]), null, [2, 2], [1, 1], 1));
        using (no_grad())
        {
            Assert.False(SubPixelStemConvolution.Applies(x, w, null, [2, 2], [1, 1], 1));
        }
    }
}
