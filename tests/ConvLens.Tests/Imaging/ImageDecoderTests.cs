using ConvLens.Imaging;
using ConvLens.Tests.Support;
using ImageMagick;
using SkiaSharp;

namespace ConvLens.Tests.Imaging;

public sealed class ImageDecoderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Should_round_trip_pixels_exactly_When_encoded_as_png()
    {
        var original = TestImages.Noise(37, 23);

        var decoded = ImageDecoder.Decode(ImageEncoder.EncodePng(original), "noise.png");

        Assert.Equal(37, decoded.Width);
        Assert.Equal(23, decoded.Height);
        Assert.Equal(original.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Should_load_a_png_file_from_disk()
    {
        var original = TestImages.Gradient(16, 9);
        var path = _folder.File("gradient.png");
        File.WriteAllBytes(path, ImageEncoder.EncodePng(original));

        var loaded = ImageDecoder.Load(path);

        Assert.Equal(original.Pixels, loaded.Pixels);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void Should_decode_lossy_formats_to_the_right_size_and_approximate_colour(SKEncodedImageFormat format)
    {
        var original = TestImages.Solid(40, 30, (200, 60, 30));
        using var bitmap = SkiaBitmap(original);
        using var encoded = bitmap.Encode(format, 90);

        var decoded = ImageDecoder.Decode(encoded.ToArray(), "solid." + format);

        Assert.Equal((40, 30), (decoded.Width, decoded.Height));
        var (r, g, b) = decoded.GetPixel(20, 15);
        Assert.InRange(r, 190, 210);
        Assert.InRange(g, 50, 70);
        Assert.InRange(b, 20, 40);
    }

    [Fact]
    public void Should_decode_bmp_exactly()
    {
        var original = TestImages.Gradient(13, 7);
        using var magick = new MagickImage(original.Pixels, new PixelReadSettings(13, 7, StorageType.Char, PixelMapping.RGB));
        var bmp = magick.ToByteArray(MagickFormat.Bmp3);

        var decoded = ImageDecoder.Decode(bmp, "gradient.bmp");

        Assert.Equal(original.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Should_turn_the_image_upright_When_jpeg_has_an_exif_orientation()
    {
        // 6 = "rotate 90 degrees clockwise to display": a 40x20 stored image shows as 20x40.
        var stored = TestImages.Solid(40, 20, (250, 250, 250));
        for (var y = 0; y < 20; y++)
        {
            for (var x = 0; x < 10; x++)
            {
                stored.SetPixel(x, y, (0, 0, 0)); // left quarter dark
            }
        }

        using var bitmap = SkiaBitmap(stored);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        var jpeg = ExifJpeg.WithOrientation(encoded.ToArray(), 6);

        var decoded = ImageDecoder.Decode(jpeg, "rotated.jpg");

        Assert.Equal((20, 40), (decoded.Width, decoded.Height));
        Assert.True(decoded.GetPixel(10, 3).R < 60, "the dark left edge should now be at the top");
        Assert.True(decoded.GetPixel(10, 36).R > 200, "the bottom should be bright");
    }

    [Fact]
    public void Should_decode_a_16_bit_grayscale_png_to_gray_rgb()
    {
        var png = ImageEncoder.EncodePng16(new Heatmap(3, 1, [0f, 0.5f, 1f]));

        var decoded = ImageDecoder.Decode(png, "map16.png");

        Assert.Equal((0, 0, 0), decoded.GetPixel(0, 0));
        Assert.Equal((255, 255, 255), decoded.GetPixel(2, 0));
        var (r, g, b) = decoded.GetPixel(1, 0);
        Assert.InRange(r, 127, 128);
        Assert.Equal(r, g);
        Assert.Equal(r, b);
    }

    [Fact]
    public void Should_keep_colour_and_drop_alpha_When_png_is_translucent()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(2, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.SetPixel(0, 0, new SKColor(10, 200, 30, 128));
        bitmap.SetPixel(1, 0, new SKColor(250, 5, 90, 255));
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);

        var decoded = ImageDecoder.Decode(encoded.ToArray(), "alpha.png");

        Assert.Equal((10, 200, 30), decoded.GetPixel(0, 0));
        Assert.Equal((250, 5, 90), decoded.GetPixel(1, 0));
    }

    [Fact]
    public void Should_throw_naming_the_file_When_it_is_text()
    {
        var path = _folder.File("notes.txt");
        File.WriteAllText(path, "hello, I am not an image");

        var error = Assert.Throws<ConvLensException>(() => ImageDecoder.Load(path));

        Assert.Contains("notes.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("PNG, JPEG, WebP or BMP", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Should_throw_naming_the_file_When_png_is_truncated()
    {
        var png = ImageEncoder.EncodePng(TestImages.Noise(64, 64));
        var path = _folder.File("broken.png");
        File.WriteAllBytes(path, png[..(png.Length / 2)]);

        var error = Assert.Throws<ConvLensException>(() => ImageDecoder.Load(path));

        Assert.Contains("broken.png", error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_throw_naming_the_file_When_it_does_not_exist()
    {
        var path = _folder.File("missing.png");

        var error = Assert.Throws<ConvLensException>(() => ImageDecoder.Load(path));

        Assert.Contains("missing.png", error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_gif_with_the_accepted_formats_in_the_message()
    {
        var gif = ImageEncoder.EncodeGif([TestImages.Gradient(8, 8)], 100);

        var error = Assert.Throws<ConvLensException>(() => ImageDecoder.Decode(gif, "anim.gif"));

        Assert.Contains("anim.gif", error.Message, StringComparison.Ordinal);
        Assert.Contains("PNG, JPEG, WebP or BMP", error.Message, StringComparison.Ordinal);
    }

    private static SKBitmap SkiaBitmap(RgbImage image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b) = image.GetPixel(x, y);
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        }

        return bitmap;
    }
}
