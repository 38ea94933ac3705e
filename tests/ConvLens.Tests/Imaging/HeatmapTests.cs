using ConvLens.Imaging;
using static TorchSharp.torch;

namespace ConvLens.Tests.Imaging;

public class HeatmapTests
{
    [Fact]
    public void Should_give_all_zeros_and_no_nan_When_the_map_is_constant()
    {
        var map = new Heatmap(3, 2, [5f, 5f, 5f, 5f, 5f, 5f]);

        var normalized = map.Normalized();

        Assert.All(normalized.Values, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Should_scale_min_to_0_and_max_to_1_ignoring_non_finite_values()
    {
        var map = new Heatmap(5, 1, [-2f, 0f, 2f, float.NaN, float.PositiveInfinity]);

        var normalized = map.Normalized();

        Assert.Equal([0f, 0.5f, 1f, 0f, 0f], normalized.Values);
    }

    [Fact]
    public void Should_copy_a_tensor_in_row_major_order()
    {
        using var scope = NewDisposeScope();
        var values = arange(6, dtype: ScalarType.Float32).reshape(1, 1, 2, 3);

        var map = Heatmap.FromTensor(values);

        Assert.Equal((3, 2), (map.Width, map.Height));
        Assert.Equal(5f, map[2, 1]);
        Assert.Equal(1f, map[1, 0]);
        Assert.Throws<ArgumentException>(() => Heatmap.FromTensor(zeros(2, 2, 3)));
    }

    [Fact]
    public void Should_resize_like_torch_bilinear_interpolation()
    {
        using var scope = NewDisposeScope();
        var random = rand(1, 1, 5, 7, generator: new Generator(7));
        var map = Heatmap.FromTensor(random);

        var ours = map.ResizedBilinear(16, 11);
        var torchs = nn.functional.interpolate(random, size: [11, 16], mode: InterpolationMode.Bilinear, align_corners: false);

        var expected = torchs.data<float>().ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], ours.Values[i], 5);
        }
    }
}
