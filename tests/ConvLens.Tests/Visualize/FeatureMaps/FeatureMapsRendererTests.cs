using ConvLens.Imaging;
using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.FeatureMaps;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.FeatureMaps;

public class FeatureMapsRendererTests
{
    [Fact]
    public void Should_draw_one_tile_per_channel_at_the_tile_size_with_crisp_cells()
    {
        using var model = TinyModels.SmallConvNet();
        using var scope = NewDisposeScope();
        var result = ConvLens.Visualize.FeatureMaps.FeatureMaps.Compute(model, rand(3, 16, 16), ["conv2"], ChannelSelection.Range(0, 5))[0];

        var grid = FeatureMapsRenderer.Grid(result, FeatureMapNorm.Layer, Colormaps.Viridis, tileSize: 64);

        var tiles = result.Channels.Select(c => FeatureMapsRenderer.Tile(result, c, FeatureMapNorm.Layer, Colormaps.Viridis)).ToArray();
        var layout = MosaicLayout.For(tiles, new MosaicOptions { Title = "t", Captions = [.. tiles.Select(_ => "c")], TileSize = 64 });
        Assert.Equal(6, tiles.Length);
        Assert.Equal((3, 2), (layout.Columns, layout.Rows));
        Assert.Equal((layout.Width, layout.Height), (grid.Width, grid.Height));
        for (var i = 0; i < tiles.Length; i++)
        {
            var cell = layout.Cell(i);
            Assert.Equal((8, 8), (tiles[i].Width, tiles[i].Height));
            for (var y = 0; y < 8; y++)
            {
                for (var x = 0; x < 8; x++)
                {
                    // 8x8 map into a 64 px tile: each activation is an 8x8 block; sample its centre.
                    Assert.Equal(tiles[i].GetPixel(x, y), grid.GetPixel((int)cell.Left + (8 * x) + 4, (int)cell.Top + (8 * y) + 4));
                }
            }
        }
    }

    [Fact]
    public void Should_scale_tiles_by_the_layer_range_When_norm_is_layer()
    {
        using var model = TinyModels.SmallConvNet();
        using var scope = NewDisposeScope();
        var result = ConvLens.Visualize.FeatureMaps.FeatureMaps.Compute(model, rand(3, 16, 16), ["relu2"])[0];
        var strongest = result.Channels.MaxBy(c => c.Max)!;
        var weakest = result.Channels.Where(c => c.Max > 0).MinBy(c => c.Max)!;

        var byLayer = FeatureMapsRenderer.Tile(result, weakest, FeatureMapNorm.Layer, Colormaps.Gray);
        var byChannel = FeatureMapsRenderer.Tile(result, weakest, FeatureMapNorm.Channel, Colormaps.Gray);

        Assert.True(strongest.Max > weakest.Max);
        Assert.Equal(255, byChannel.Pixels.Max());
        Assert.True(byLayer.Pixels.Max() < 255);
    }
}
