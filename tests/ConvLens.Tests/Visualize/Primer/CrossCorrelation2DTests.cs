using ConvLens.Visualize.Primer;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Primer;

public class CrossCorrelation2DTests
{
    [Fact]
    public void Should_give_a_4x4_map_with_the_edge_in_the_middle_When_6x6_meets_3x3()
    {
        var example = PrimerDemo.WorkedExample();

        var map = CrossCorrelation2D.FeatureMap(example.Image, example.Kernel);

        Assert.Equal((4, 4), (map.GetLength(0), map.GetLength(1)));
        for (var r = 0; r < 4; r++)
        {
            Assert.Equal(new float[] { 0, 30, 30, 0 }, Row(map, r));
        }
    }

    [Theory]
    [InlineData(6, 6, 3, 3)]
    [InlineData(9, 7, 2, 4)]
    [InlineData(5, 5, 5, 5)]
    [InlineData(12, 3, 1, 1)]
    public void Should_equal_a_naive_patch_by_patch_reference_on_random_data(int h, int w, int kh, int kw)
    {
        var random = new Random(h * 100 + w * 10 + kh);
        var image = RandomArray(random, h, w);
        var kernel = RandomArray(random, kh, kw);

        var map = CrossCorrelation2D.FeatureMap(image, kernel);

        Assert.Equal((h - kh + 1, w - kw + 1), (map.GetLength(0), map.GetLength(1)));
        for (var r = 0; r < map.GetLength(0); r++)
        {
            for (var c = 0; c < map.GetLength(1); c++)
            {
                // Reference: the dot product of the flattened patch and the flattened kernel, in double.
                var patch = Enumerable.Range(0, kh * kw).Select(i => (double)image[r + (i / kw), c + (i % kw)]);
                var weights = Enumerable.Range(0, kh * kw).Select(i => (double)kernel[i / kw, i % kw]);
                var expected = patch.Zip(weights, (a, b) => a * b).Sum();
                Assert.Equal(expected, map[r, c], 4);
            }
        }
    }

    [Fact]
    public void Should_equal_torch_conv2d_within_1e_5()
    {
        using var scope = NewDisposeScope();
        var random = new Random(3);
        var image = RandomArray(random, 11, 13);
        var kernel = RandomArray(random, 3, 5);

        var ours = CrossCorrelation2D.FeatureMap(image, kernel);
        var torchMap = nn.functional.conv2d(ToTensor(image).reshape(1, 1, 11, 13), ToTensor(kernel).reshape(1, 1, 3, 5));
        var viaTensors = CrossCorrelation2D.FeatureMap(ToTensor(image), ToTensor(kernel));

        var expected = torchMap.data<float>().ToArray();
        Assert.Equal(new long[] { 9, 9 }, viaTensors.shape);
        var flat = ours.Cast<float>().ToArray();
        var tensorFlat = viaTensors.data<float>().ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - flat[i]) <= 1e-5, $"element {i}: {flat[i]} vs conv2d {expected[i]}");
            Assert.True(Math.Abs(expected[i] - tensorFlat[i]) <= 1e-5, $"element {i}: tensor version {tensorFlat[i]} vs conv2d {expected[i]}");
        }
    }

    [Fact]
    public void Should_throw_When_the_kernel_is_larger_than_the_image()
    {
        Assert.Throws<ArgumentException>(() => CrossCorrelation2D.FeatureMap(new float[3, 3], new float[4, 2]));
        Assert.Throws<ArgumentException>(() => CrossCorrelation2D.FeatureMap(new float[3, 3], new float[2, 4]));
    }

    private static float[,] RandomArray(Random random, int h, int w)
    {
        var values = new float[h, w];
        for (var r = 0; r < h; r++)
        {
            for (var c = 0; c < w; c++)
            {
                values[r, c] = (float)((random.NextDouble() * 2) - 1);
            }
        }

        return values;
    }

    private static Tensor ToTensor(float[,] values) =>
        tensor(values.Cast<float>().ToArray(), [values.GetLength(0), values.GetLength(1)]);

    private static float[] Row(float[,] values, int r) =>
        Enumerable.Range(0, values.GetLength(1)).Select(c => values[r, c]).ToArray();
}
