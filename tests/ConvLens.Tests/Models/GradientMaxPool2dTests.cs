using ConvLens.Models;
using Xunit;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Tests.Models;

public class GradientMaxPool2dTests
{
    // kernel, stride, padding, dilation, ceil, input size: ResNet's stem pool, overlapping and disjoint windows,
    // padding, dilation, ceil mode and odd sizes.
    public static TheoryData<int, int, int, int, bool, int> Windows => new()
    {
        { 3, 2, 1, 1, false, 112 },
        { 2, 2, 0, 1, false, 16 },
        { 3, 1, 1, 1, false, 9 },
        { 3, 2, 0, 1, true, 15 },
        { 3, 2, 1, 2, false, 17 },
        { 5, 3, 2, 1, true, 20 },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void Should_give_exactly_libtorchs_pooled_values_and_gradients_even_with_ties(int k, int s, int p, int d, bool ceil, int size)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(3);
        // Small integers tie often, and ReLU-like zeros fill whole windows: which tied position gets the gradient matters.
        var values = randint(0, 4, [4, 6, size, size], generator: gen).to(ScalarType.Float32).clamp_min(1) - 1;
        long[] kernel = [k, k], stride = [s, s], padding = [p, p], dilation = [d, d];

        var x1 = values.clone().requires_grad_(true);
        var expected = F.max_pool2d(x1, kernel, stride, padding, dilation, ceil);
        var x2 = values.clone().requires_grad_(true);
        Assert.True(GradientMaxPool2d.Applies(x2));
        var actual = GradientMaxPool2d.Apply(x2, kernel, stride, padding, dilation, ceil);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(actual.is_contiguous());
        Assert.Equal(0, (actual - expected).abs().max().item<float>());

        var g = randn(expected.shape, generator: gen);
        var reference = autograd.grad([expected], [x1], [g])[0];
        var gradient = autograd.grad([actual], [x2], [g])[0];
        Assert.Equal(reference.shape, gradient.shape);
        Assert.Equal(0, (gradient - reference).abs().max().item<float>());
        Assert.True(reference.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Should_leave_pools_that_no_gradient_flows_through_to_the_channels_last_rule()
    {
        using var scope = NewDisposeScope();
        Assert.False(GradientMaxPool2d.Applies(rand([1, 2, 4, 4])));
        using (no_grad())
        {
            Assert.False(GradientMaxPool2d.Applies(rand([1, 2, 4, 4]).requires_grad_(true)));
        }

        Assert.True(GradientMaxPool2d.Applies(rand([1, 2, 4, 4]).requires_grad_(true)));
    }
}
