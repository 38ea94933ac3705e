using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Tests.Support;
using ConvLens.Visualize;
using SkiaSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Imaging;

public sealed class ImageBatchLoaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Modes => ["stretch", "imagenet"];

    [Theory]
    [MemberData(nameof(Modes))]
    public void Should_match_the_reference_fit_When_the_jpeg_is_decoded_at_a_reduced_scale(string mode)
    {
        var preprocessing = mode == "stretch" ? new Preprocessing() : Preprocessing.ImageNet;
        var path = WriteJpeg("photo.jpg", Scene(640, 480));

        var loaded = Load(path, preprocessing);
        var reference = ReferenceFit(path, preprocessing);

        // DCT-domain downscaling plus bilinear differs from the full decode plus antialiased bilinear only in detail.
        var meanAbs = loaded.Zip(reference, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanAbs < 0.02, $"mean absolute difference {meanAbs:F4} against the reference fit");
        Assert.True(Correlation(loaded, reference) > 0.99, "the loaded image should be the reference image");
    }

    [Fact]
    public void Should_let_the_jpeg_codec_shrink_while_decoding_When_the_target_is_much_smaller()
    {
        var path = WriteJpeg("large.jpg", Scene(640, 480));

        using var bitmap = ImageDecoder.LoadBitmap(path, (_, _) => (224, 224));

        // Scales come in eighths: 3/8 (240x180) is too small in height, 4/8 (320x240) is the smallest that covers.
        Assert.Equal((320, 240), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void Should_decode_at_full_size_When_the_format_cannot_scale()
    {
        var path = _folder.File("large.png");
        File.WriteAllBytes(path, ImageEncoder.EncodePng(Scene(640, 480)));

        using var bitmap = ImageDecoder.LoadBitmap(path, (_, _) => (224, 224));

        Assert.Equal((640, 480), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void Should_turn_the_image_upright_When_the_jpeg_has_an_exif_orientation()
    {
        // Stored 480x320 with the left quarter dark; orientation 6 shows it 320x480 with the dark band on top.
        var stored = TestImages.Solid(480, 320, (240, 240, 240));
        for (var y = 0; y < 320; y++)
        {
            for (var x = 0; x < 120; x++)
            {
                stored.SetPixel(x, y, (10, 10, 10));
            }
        }

        var path = _folder.File("turned.jpg");
        File.WriteAllBytes(path, ExifJpeg.WithOrientation(EncodeJpeg(stored), 6));

        using (var bitmap = ImageDecoder.LoadBitmap(path, (w, h) => (w / 2, h / 2)))
        {
            Assert.Equal((160, 240), (bitmap.Width, bitmap.Height));
        }

        var loaded = Load(path, new Preprocessing { Height = 64, Width = 64 });
        var red = loaded[..(64 * 64)];
        Assert.True(red[(5 * 64) + 32] < 0.1f, "the dark band should be at the top");
        Assert.True(red[(58 * 64) + 32] > 0.9f, "the bottom should be bright");
    }

    [Fact]
    public void Should_drop_alpha_without_darkening_When_the_png_is_translucent()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(32, 32, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.Erase(new SKColor(255, 0, 0, 64));
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        var path = _folder.File("translucent.png");
        File.WriteAllBytes(path, png.ToArray());

        var loaded = Load(path, new Preprocessing { Height = 16, Width = 16 });

        // Alpha is dropped as ImageDecoder.Load drops it: the stored red stays full red after the resize.
        Assert.All(loaded[..256], r => Assert.Equal(1f, r, 3));
        Assert.All(loaded[256..], v => Assert.Equal(0f, v, 3));
    }

    [Fact]
    public void Should_name_the_file_When_it_is_not_an_image()
    {
        var path = _folder.File("notes.jpg");
        File.WriteAllText(path, "not an image");

        var error = Assert.Throws<ConvLensException>(() => Load(path, new Preprocessing()));

        Assert.Contains("notes.jpg", error.Message, StringComparison.Ordinal);
    }

    private static float[] Load(string path, Preprocessing preprocessing)
    {
        var pixels = new float[3 * preprocessing.Height * preprocessing.Width];
        ImageBatchLoader.LoadInto(path, preprocessing, pixels);
        return pixels;
    }

    private static float[] ReferenceFit(string path, Preprocessing preprocessing)
    {
        using var scope = NewDisposeScope();
        return ModelInput.FromPhoto(ImageDecoder.Load(path), preprocessing).Input.contiguous().data<float>().ToArray();
    }

    // Smooth gradients with a few soft shapes: what a small photo looks like to a resampler.
    private static RgbImage Scene(int width, int height)
    {
        var image = TestImages.Gradient(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var d = Math.Sqrt(Math.Pow(x - (width * 0.6), 2) + Math.Pow(y - (height * 0.4), 2));
                if (d < height / 4.0)
                {
                    image.SetPixel(x, y, (30, 200, (byte)(100 + (d / 2))));
                }
            }
        }

        return image;
    }

    private string WriteJpeg(string name, RgbImage image)
    {
        var path = _folder.File(name);
        File.WriteAllBytes(path, EncodeJpeg(image));
        return path;
    }

    private static byte[] EncodeJpeg(RgbImage image)
    {
        using var bitmap = SKBitmap.Decode(ImageEncoder.EncodePng(image));
        using var skImage = SKImage.FromBitmap(bitmap);
        using var data = skImage.Encode(SKEncodedImageFormat.Jpeg, 92);
        return data.ToArray();
    }

    private static double Correlation(float[] a, float[] b)
    {
        double ma = a.Average(), mb = b.Average();
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }
}
