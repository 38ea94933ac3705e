using ConvLens.Imaging;
using ConvLens.Tests.Support;

namespace ConvLens.Tests.Imaging;

public class MosaicTests
{
    [Theory]
    [InlineData(5, 2, 32, 3)]
    [InlineData(9, null, 20, 0)]
    [InlineData(1, null, 50, 4)]
    [InlineData(7, 10, 16, 2)]
    public void Should_have_the_size_the_grid_implies(int count, int? columns, int tileSize, int padding)
    {
        var tiles = Enumerable.Range(0, count).Select(i => TestImages.Noise(10 + i, 7, i)).ToList();

        var mosaic = Mosaic.Compose(tiles, new MosaicOptions { Columns = columns, TileSize = tileSize, Padding = padding });

        var cols = Math.Min(columns ?? (int)Math.Ceiling(Math.Sqrt(count)), count);
        var rows = (count + cols - 1) / cols;
        Assert.Equal((cols * tileSize) + ((cols + 1) * padding), mosaic.Width);
        Assert.Equal((rows * tileSize) + ((rows + 1) * padding), mosaic.Height);
    }

    [Fact]
    public void Should_keep_tile_pixels_When_upscaling_with_nearest_neighbour()
    {
        var tile = new RgbImage(2, 2);
        tile.SetPixel(0, 0, (255, 0, 0));
        tile.SetPixel(1, 1, (0, 0, 255));

        var mosaic = Mosaic.Compose([tile], new MosaicOptions { TileSize = 40, Padding = 0, NearestNeighbour = true });

        Assert.Equal((255, 0, 0), mosaic.GetPixel(5, 5));
        Assert.Equal((255, 0, 0), mosaic.GetPixel(19, 19));
        Assert.Equal((0, 0, 255), mosaic.GetPixel(20, 20));
        Assert.Equal((0, 0, 0), mosaic.GetPixel(35, 5));
    }

    [Fact]
    public void Should_draw_caption_text_in_the_band_under_each_tile()
    {
        var tiles = new[] { TestImages.Solid(8, 8, (200, 0, 0)), TestImages.Solid(8, 8, (0, 200, 0)) };
        var options = new MosaicOptions { TileSize = 64, Padding = 4, FontSize = 12, Captions = ["vertical", "W"] };

        var mosaic = Mosaic.Compose(tiles, options);
        var blank = Mosaic.Compose(tiles, options with { Captions = ["", ""] });

        // Caption band: from the tile's bottom edge down to the bottom padding.
        var bandTop = 4 + 64;
        var bandBottom = mosaic.Height - 4;
        Assert.True(CountDark(mosaic, 4, 68, bandTop, bandBottom) > 20, "the first caption should have drawn dark pixels");
        Assert.True(CountDark(mosaic, 72, 136, bandTop, bandBottom) > 10, "the second caption should have drawn dark pixels");
        Assert.Equal(0, CountDark(blank, 0, blank.Width, bandTop, bandBottom));
    }

    [Fact]
    public void Should_draw_the_title_above_the_tiles_in_the_text_colour()
    {
        var tiles = new[] { TestImages.Solid(8, 8, (0, 0, 0)) };
        var options = new MosaicOptions
        {
            Title = "Feature maps",
            TileSize = 120,
            FontSize = 12,
            Background = (0, 0, 0),
            TextColor = (255, 255, 255),
        };

        var mosaic = Mosaic.Compose(tiles, options);

        var titleBand = mosaic.Height - 120 - (2 * 4);
        Assert.True(titleBand > 0);
        Assert.True(CountBright(mosaic, 0, mosaic.Width, 0, titleBand + 4) > 30, "the title should have drawn bright pixels");
        Assert.Equal(0, CountBright(mosaic, 0, mosaic.Width, titleBand + 4, mosaic.Height));
    }

    [Fact]
    public void Should_reject_a_caption_count_that_differs_from_the_tile_count()
    {
        var tiles = new[] { TestImages.Noise(4, 4), TestImages.Noise(4, 4) };

        Assert.Throws<ArgumentException>(() => Mosaic.Compose(tiles, new MosaicOptions { Captions = ["one"] }));
        Assert.Throws<ArgumentException>(() => Mosaic.Compose([], new MosaicOptions()));
    }

    private static int CountDark(RgbImage image, int x0, int x1, int y0, int y1) =>
        Count(image, x0, x1, y0, y1, p => p.R + p.G + p.B < 300);

    private static int CountBright(RgbImage image, int x0, int x1, int y0, int y1) =>
        Count(image, x0, x1, y0, y1, p => p.R + p.G + p.B > 400);

    private static int Count(RgbImage image, int x0, int x1, int y0, int y1, Func<(byte R, byte G, byte B), bool> predicate)
    {
        var count = 0;
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                count += predicate(image.GetPixel(x, y)) ? 1 : 0;
            }
        }

        return count;
    }
}
