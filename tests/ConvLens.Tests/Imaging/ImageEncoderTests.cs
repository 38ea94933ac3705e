using ConvLens.Imaging;
using ConvLens.Tests.Support;
using ImageMagick;

namespace ConvLens.Tests.Imaging;

public class ImageEncoderTests
{
    [Fact]
    public void Should_write_a_png_signature_and_the_image_size()
    {
        var png = ImageEncoder.EncodePng(TestImages.Gradient(21, 11));

        using var decoded = new MagickImage(png);

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal((21u, 11u), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Should_encode_every_frame_at_the_first_frames_size()
    {
        var frames = new[]
        {
            TestImages.Solid(30, 20, (255, 0, 0)),
            TestImages.Solid(60, 40, (0, 255, 0)),
            TestImages.Solid(15, 10, (0, 0, 255)),
        };

        var gif = ImageEncoder.EncodeGif(frames, delayMs: 200);

        using var decoded = new MagickImageCollection(gif);
        Assert.Equal(3, decoded.Count);
        Assert.All(decoded, f => Assert.Equal((30u, 20u), (f.Width, f.Height)));
        Assert.All(decoded, f => Assert.Equal(20u, f.AnimationDelay));
        Assert.Equal(0u, decoded[0].AnimationIterations);
        using var pixels = decoded[1].GetPixels();
        var centre = pixels.GetPixel(15, 10).ToColor()!;
        Assert.True(centre.G > 240 && centre.R < 15, $"frame 2 should be green, was {centre}");
    }

    [Fact]
    public void Should_write_a_16_bit_grayscale_png_scaled_to_the_maps_range()
    {
        var map = new Heatmap(3, 2, [-1f, 0f, 1f, 0.5f, 0.25f, 1f]);

        var png = ImageEncoder.EncodePng16(map);

        Assert.Equal(16, png[24]); // IHDR bit depth
        Assert.Equal(0, png[25]);  // IHDR colour type: grayscale
        using var decoded = new MagickImage(png);
        Assert.Equal((3u, 2u), (decoded.Width, decoded.Height));
        using var pixels = decoded.GetPixels();
        Assert.Equal(0, pixels.GetPixel(0, 0).GetChannel(0));
        Assert.Equal(255, pixels.GetPixel(2, 0).GetChannel(0));
        Assert.InRange((int)pixels.GetPixel(1, 0).GetChannel(0), 127, 128);
    }
}
