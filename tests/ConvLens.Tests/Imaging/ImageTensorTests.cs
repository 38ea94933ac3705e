using ConvLens.Imaging;
using ConvLens.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Imaging;

public class ImageTensorTests
{
    [Fact]
    public void Should_round_trip_every_8_bit_value_exactly()
    {
        using var scope = NewDisposeScope();
        var image = TestImages.Noise(31, 17);

        var chw = ImageTensor.ToTensor(image);
        var back = ImageTensor.FromTensor(chw);

        Assert.Equal(new long[] { 3, 17, 31 }, chw.shape);
        Assert.Equal(ScalarType.Float32, chw.dtype);
        Assert.Equal(image.Pixels, back.Pixels);
    }

    [Fact]
    public void Should_put_channels_first_with_values_in_0_to_1()
    {
        using var scope = NewDisposeScope();
        var image = new RgbImage(2, 1);
        image.SetPixel(1, 0, (255, 51, 0));

        var chw = ImageTensor.ToTensor(image);

        Assert.Equal(1f, chw[0, 0, 1].item<float>());
        Assert.Equal(0.2f, chw[1, 0, 1].item<float>(), 6);
        Assert.Equal(0f, chw[2, 0, 1].item<float>());
        Assert.Equal(0f, chw[0, 0, 0].item<float>());
    }

    [Fact]
    public void Should_clamp_and_accept_grayscale_and_batched_tensors()
    {
        using var scope = NewDisposeScope();
        var gray = tensor(new float[] { -1f, 0.5f, 2f }, [1, 1, 3]);
        var batched = ones(1, 3, 2, 2) * 0.25f;

        var fromGray = ImageTensor.FromTensor(gray);
        var fromBatch = ImageTensor.FromTensor(batched);

        Assert.Equal(new byte[] { 0, 0, 0, 128, 128, 128, 255, 255, 255 }, fromGray.Pixels);
        Assert.Equal((2, 2), (fromBatch.Width, fromBatch.Height));
        Assert.All(fromBatch.Pixels, p => Assert.Equal(64, p));
    }

    [Fact]
    public void Should_reject_a_tensor_that_is_not_an_image()
    {
        using var scope = NewDisposeScope();

        Assert.Throws<ArgumentException>(() => ImageTensor.FromTensor(zeros(2, 4, 4)));
    }

    [Fact]
    public void Should_resize_to_the_requested_shape_keeping_a_constant_image_constant()
    {
        using var scope = NewDisposeScope();
        var image = full(3, 40, 60, 0.3f);

        var smaller = ImageTensor.Resize(image, 10, 15);
        var larger = ImageTensor.Resize(image.unsqueeze(0), 80, 90);

        Assert.Equal(new long[] { 3, 10, 15 }, smaller.shape);
        Assert.Equal(new long[] { 1, 3, 80, 90 }, larger.shape);
        Assert.Equal(0.3f, smaller.max().item<float>(), 5);
        Assert.Equal(0.3f, larger.min().item<float>(), 5);
    }

    [Fact]
    public void Should_antialias_When_halving()
    {
        using var scope = NewDisposeScope();
        var stripes = tensor(new float[] { 0, 1, 0, 1 }, [1, 1, 4]).expand(1, 2, 4).contiguous();

        var halved = ImageTensor.Resize(stripes, 2, 2);

        // PIL's triangle filter widened by the scale (support 2) weighs inputs 0.75, 0.75, 0.25 around each output
        // centre: 0.75 / 1.75 = 3/7 and 1 / 1.75 = 4/7. Plain bilinear would sample only two inputs.
        var values = halved.data<float>().ToArray();
        Assert.Equal(3f / 7f, values[0], 5);
        Assert.Equal(4f / 7f, values[1], 5);
    }
}
