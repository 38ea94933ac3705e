using ConvLens.Models;
using ConvLens.Visualize.Attribution;

namespace ConvLens.Tests.Visualize.Attribution;

public class ImageGeometryTests
{
    [Fact]
    public void Should_locate_the_centre_crop_in_the_original_picture()
    {
        // 400x300 (h x w): shorter side 300 → 256 (scale 0.8533), 341x256 resized, crop 224 at top 58.5→58 (rounded), left 16.
        var geometry = ImageGeometry.For(Preprocessing.ImageNet, 400, 300);

        Assert.Equal(224 / (256.0 / 300), geometry.CropWidth, 3);
        Assert.Equal(16 / (256.0 / 300), geometry.CropLeft, 3);
    }

    [Fact]
    public void Should_put_the_map_inside_the_crop_and_fill_outside()
    {
        var preprocessing = new Preprocessing { Height = 2, Width = 2, Resize = ResizeMode.ShorterSideThenCenterCrop, ResizeShorterTo = 2 };
        var geometry = ImageGeometry.For(preprocessing, 2, 4);

        var map = geometry.ToOriginal([1, 1, 1, 1], 2, 2, outside: -1);

        Assert.Equal([-1, 1, 1, -1, -1, 1, 1, -1], map);
    }

    [Fact]
    public void Should_stretch_the_map_When_preprocessing_stretches()
    {
        var geometry = ImageGeometry.For(new Preprocessing { Height = 2, Width = 2 }, 4, 4);

        var map = geometry.ToOriginal([0, 1, 0, 1], 2, 2);

        Assert.Equal(0f, map[0]);
        Assert.Equal(1f, map[3]);
        Assert.Equal(0.25f, map[1], 4);
    }
}
