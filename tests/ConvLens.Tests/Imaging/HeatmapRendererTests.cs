using ConvLens.Imaging;
using ConvLens.Tests.Support;

namespace ConvLens.Tests.Imaging;

public class HeatmapRendererTests
{
    private static readonly Heatmap Ramp = new(4, 2, [0f, 1f, 2f, 3f, 3f, 2f, 1f, 0f]);

    [Fact]
    public void Should_colour_the_minimum_and_maximum_with_the_colormap_ends()
    {
        var image = HeatmapRenderer.Render(Ramp, Colormaps.Viridis);

        Assert.Equal((0x44, 0x01, 0x54), image.GetPixel(0, 0));
        Assert.Equal((0xFD, 0xE7, 0x25), image.GetPixel(3, 0));
    }

    [Fact]
    public void Should_clamp_raw_values_When_not_normalizing()
    {
        var map = new Heatmap(2, 1, [-5f, 0.5f]);

        var image = HeatmapRenderer.Render(map, Colormaps.Gray, normalize: false);

        Assert.Equal((0, 0, 0), image.GetPixel(0, 0));
        Assert.Equal((128, 128, 128), image.GetPixel(1, 0));
    }

    [Fact]
    public void Should_return_the_image_When_alpha_is_0()
    {
        var photo = TestImages.Noise(4, 2);

        var overlay = HeatmapRenderer.Overlay(photo, Ramp, Colormaps.Inferno, alpha: 0);

        Assert.Equal(photo.Pixels, overlay.Pixels);
    }

    [Fact]
    public void Should_return_the_coloured_map_When_alpha_is_1()
    {
        var photo = TestImages.Noise(4, 2);

        var overlay = HeatmapRenderer.Overlay(photo, Ramp, Colormaps.Inferno, alpha: 1);

        Assert.Equal(HeatmapRenderer.Render(Ramp, Colormaps.Inferno).Pixels, overlay.Pixels);
    }

    [Fact]
    public void Should_leave_cold_pixels_untouched_and_colour_hot_ones_When_heat_weighted()
    {
        var photo = TestImages.Solid(40, 20, (100, 100, 100));
        var map = new Heatmap(2, 1, [0f, 1f]);

        var overlay = HeatmapRenderer.Overlay(photo, map, Colormaps.Gray, alpha: 0.5, OverlayMode.Weighted);

        Assert.Equal((100, 100, 100), overlay.GetPixel(0, 10));
        Assert.Equal((178, 178, 178), overlay.GetPixel(39, 10)); // full heat: (100 + 255) / 2
        var middle = overlay.GetPixel(20, 10).R;
        Assert.InRange(middle, 101, 177); // partial heat: partly coloured
    }

    [Fact]
    public void Should_blend_halfway_and_resize_the_map_to_the_image()
    {
        var photo = TestImages.Solid(40, 20, (100, 100, 100));
        var map = new Heatmap(2, 1, [0f, 1f]);

        var overlay = HeatmapRenderer.Overlay(photo, map, Colormaps.Gray, alpha: 0.5);

        Assert.Equal((40, 20), (overlay.Width, overlay.Height));
        Assert.Equal((50, 50, 50), overlay.GetPixel(0, 10));
        Assert.Equal((178, 178, 178), overlay.GetPixel(39, 10)); // (100 + 255) / 2 = 177.5
    }

    [Fact]
    public void Should_reject_alpha_outside_0_to_1()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HeatmapRenderer.Overlay(TestImages.Noise(4, 2), Ramp, Colormaps.Gray, 1.5));
    }
}
