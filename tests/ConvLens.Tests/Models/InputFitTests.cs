using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Tests.Support;
using static TorchSharp.torch;

namespace ConvLens.Tests.Models;

public class InputFitTests
{
    [Fact]
    public void Should_locate_the_centre_crop_in_the_original_picture()
    {
        // 400x300 (h x w): shorter side 300 → 256 (scale 0.8533), 341x256 resized, crop 224 at top 58.5→58 (rounded), left 16.
        var fit = InputFit.For(Preprocessing.ImageNet, 400, 300);

        Assert.Equal((341, 256, 58, 16), (fit.ResizedHeight, fit.ResizedWidth, fit.CropTop, fit.CropLeft));
        Assert.Equal(224 / (256.0 / 300), fit.WindowInPhoto.Width, 3);
        Assert.Equal(16 / (256.0 / 300), fit.WindowInPhoto.Left, 3);
    }

    [Fact]
    public void Should_put_the_map_inside_the_crop_and_fill_outside()
    {
        var preprocessing = new Preprocessing { Height = 2, Width = 2, Resize = ResizeMode.ShorterSideThenCenterCrop, ResizeShorterTo = 2 };
        var fit = InputFit.For(preprocessing, 2, 4);

        var map = fit.MapToPhoto([1, 1, 1, 1], 2, 2, outside: -1);

        Assert.Equal([-1, 1, 1, -1, -1, 1, 1, -1], map);
    }

    [Fact]
    public void Should_stretch_the_map_When_preprocessing_stretches()
    {
        var fit = InputFit.For(new Preprocessing { Height = 2, Width = 2 }, 4, 4);

        var map = fit.MapToPhoto([0, 1, 0, 1], 2, 2);

        Assert.Equal(0f, map[0]);
        Assert.Equal(1f, map[3]);
        Assert.Equal(0.25f, map[1], 4);
    }

    [Fact]
    public void Should_crop_the_centre()
    {
        using var scope = NewDisposeScope();
        var photo = arange(36, dtype: ScalarType.Float32).reshape(1, 6, 6);
        var fit = InputFit.For(new Preprocessing { Height = 2, Width = 2, Resize = ResizeMode.ShorterSideThenCenterCrop, ResizeShorterTo = 6 }, 6, 6);

        var crop = ModelInput.Fitted(photo, fit);

        Assert.Equal(new long[] { 1, 2, 2 }, crop.shape);
        Assert.Equal(new float[] { 14, 15, 20, 21 }, crop.data<float>().ToArray());
    }

    [Fact]
    public void Should_resize_the_shorter_side_then_crop_a_square()
    {
        var landscape = TestImages.Noise(400, 300);

        var (input, fit) = ModelInput.FromPhoto(landscape, new Preprocessing { Resize = ResizeMode.ShorterSideThenCenterCrop, ResizeShorterTo = 256 });

        Assert.Equal(new long[] { 1, 3, 224, 224 }, input.shape);
        Assert.Equal((256, 341, 16, 58), (fit.ResizedHeight, fit.ResizedWidth, fit.CropTop, fit.CropLeft));
        input.Dispose();
    }

    [Theory]
    [InlineData(224, 160, 300, 400)] // a tall model, a wide photo
    [InlineData(160, 224, 400, 300)] // a wide model, a tall photo
    [InlineData(224, 160, 400, 300)]
    [InlineData(320, 100, 256, 256)] // a window taller than the shorter side's target: the photo is scaled up to cover it
    public void Should_keep_the_window_inside_the_resized_photo_and_the_aspect_ratio_For_any_model_and_photo(int height, int width, int photoHeight, int photoWidth)
    {
        var fit = InputFit.For(Preprocessing.ImageNet with { Height = height, Width = width }, photoHeight, photoWidth);

        Assert.InRange(fit.CropTop, 0, fit.ResizedHeight - height);
        Assert.InRange(fit.CropLeft, 0, fit.ResizedWidth - width);
        Assert.Equal((double)photoHeight / photoWidth, (double)fit.ResizedHeight / fit.ResizedWidth, 1);
        // Centred: the margins on both sides differ by at most one pixel.
        Assert.InRange(fit.ResizedHeight - height - (2 * fit.CropTop), -1, 1);
        Assert.InRange(fit.ResizedWidth - width - (2 * fit.CropLeft), -1, 1);
    }

    [Fact]
    public void Should_map_an_input_pixel_back_to_the_photo_point_it_shows()
    {
        // A wide photo, a tall model: 300x600 → 256x512, window 224x160 at (176, 16).
        var fit = InputFit.For(Preprocessing.ImageNet with { Height = 224, Width = 160 }, 300, 600);

        var (x, y) = fit.ToPhoto(0, 0);

        Assert.Equal((176 + 0.5) * 600 / 512, x, 6);
        Assert.Equal((16 + 0.5) * 300 / 256, y, 6);
    }
}
