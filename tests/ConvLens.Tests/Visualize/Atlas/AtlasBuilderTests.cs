using ConvLens.Models;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Atlas;
using ConvLens.Visualize.Statistics;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Atlas;

public class AtlasBuilderTests
{
    internal static readonly AtlasOptions Quick = new() { MaximizeSteps = 3, MaximizeSize = 16, MaximizeUpsampleTo = 0, MaximizeBatch = 4, CropSize = 8, Top = 2 };

    // conv 3x3 (pad 1) that copies the red channel, relu, max-pool 2: a unit of "pool" at (y, x) sees input rows
    // 2y-1..2y+2 and columns 2x-1..2x+2 (receptive field 4, stride 2), and peaks where the one bright pixel is.
    private static ModuleModel PixelFinder()
    {
        var conv = nn.Conv2d(3, 1, 3, padding: 1);
        using (no_grad())
        {
            conv.weight.zero_();
            conv.weight[0, 0, 1, 1] = 1f;
            conv.bias!.zero_();
        }

        var net = nn.Sequential(("conv", conv), ("relu", nn.ReLU()), ("pool", nn.MaxPool2d(2)));
        return new ModuleModel("pixel-finder", net, new Preprocessing { Height = 16, Width = 16 });
    }

    private static void WritePixel(TempImages images, string name, int y, int x, byte red)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(16, 16, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(SKColors.Black);
        bitmap.SetPixel(x, y, new SKColor(red, 0, 0));
        using var data = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(Path.Combine(images.Folder, name), data.ToArray());
    }

    [Theory]
    [InlineData(0, 0, 8, 16, 4, 0, 0)]   // the field would start at -1: moved inside
    [InlineData(2, 4, 8, 16, 4, 3, 7)]   // 2y-1, 2x-1
    [InlineData(7, 1, 8, 16, 4, 12, 1)]  // would end at 17: moved back to 12
    [InlineData(3, 3, 7, 14, 5, 5, 5)]   // stride 2 over 14 px with a 5-px field: centre 6.5, start 4.5 rounded up
    [InlineData(1, 1, 2, 8, 20, 0, 0)]   // a field larger than the input: the whole input
    public void Should_centre_the_receptive_field_on_the_cell_and_keep_it_inside(int y, int x, int grid, int input, int field, int top, int left)
    {
        var box = CropBox.Around(y, x, grid, grid, input, input, field);

        Assert.Equal(new CropBox(left, top, Math.Min(field, input), Math.Min(field, input)), box);
    }

    [Fact]
    public void Should_crop_the_receptive_field_around_the_peak_on_a_hand_weighted_net()
    {
        using var images = new TempImages();
        WritePixel(images, "a.png", 5, 9, 255);
        WritePixel(images, "b.png", 0, 0, 200);
        WritePixel(images, "c.png", 14, 3, 150);
        images.WriteBytes("d.png", [0x89, 0x50, 0x4E, 0x47, 1, 2]);
        using var model = PixelFinder();

        var (_, atlas) = AtlasBuilder.Run(model, DatasetSource.FromPath(images.Folder), ["pool"], new DatasetStatisticsOptions { BatchSize = 2 }, Quick with { Top = 3, MaximizeSteps = 0 });

        var layer = Assert.Single(atlas.Layers);
        Assert.Equal((4, 2), (layer.ReceptiveField, layer.Stride));
        var unit = Assert.Single(layer.Units);
        Assert.Equal(
            [(0L, 2, 4, new CropBox(7, 3, 4, 4)), (1L, 0, 0, new CropBox(0, 0, 4, 4)), (2L, 7, 1, new CropBox(1, 12, 4, 4))],
            unit.Top.Select(e => (e.Exemplar.Image, e.Exemplar.Y, e.Exemplar.X, e.Box)));
        Assert.Equal([2L, 1L, 0L], unit.Bottom.Select(e => e.Exemplar.Image));
        Assert.Equal([1f, 200 / 255f, 150 / 255f], unit.Top.Select(e => e.Exemplar.Score), (a, b) => Math.Abs(a - b) < 1e-6);
        foreach (var (e, (py, px)) in unit.Top.Zip(new[] { (5, 9), (0, 0), (14, 3) }))
        {
            // The bright pixel lies inside the box, and the source image shows it where the model saw it.
            Assert.InRange(py - e.Box.Top, 0, 3);
            Assert.InRange(px - e.Box.Left, 0, 3);
            Assert.True(atlas.Images[e.Exemplar.Image].Image.GetPixel(px, py).R > 100);
        }

        Assert.Contains(atlas.Skipped, s => s.Path.EndsWith("d.png", StringComparison.Ordinal));
        Assert.Equal("healthy", unit.Verdict);
    }

    [Fact]
    public void Should_give_every_chosen_unit_images_exemplars_and_statistics()
    {
        using var images = new TempImages();
        for (var i = 0; i < 6; i++)
        {
            images.Write($"i{i}.png", 20, 18, i);
        }

        using var model = TinyModels.SmallConvNet();

        var (stats, atlas) = AtlasBuilder.Run(model, DatasetSource.FromPath(images.Folder), ["conv1", "relu2"], new DatasetStatisticsOptions { BatchSize = 4 }, Quick with { Units = [0, 2] });

        Assert.Equal(2, atlas.Layers.Count);
        Assert.All(atlas.Layers, l => Assert.Equal([0, 2], l.Units.Select(u => u.Channel)));
        var unit = atlas.Layers[0].Units[1];
        Assert.Equal((16, 16), (unit.Maximized!.Width, unit.Maximized.Height));
        Assert.Equal(stats.Layers[0].Exemplars!.Of(2).Top.Take(2), unit.Top.Select(e => e.Exemplar));
        Assert.Equal(stats.Layers[0].Exemplars!.Of(2).Bottom.Take(2), unit.Bottom.Select(e => e.Exemplar));
        Assert.Equal((8, 8), (unit.Top[0].Crop.Width, unit.Top[0].Crop.Height));
        Assert.NotNull(unit.Kernel);
        Assert.Null(atlas.Layers[1].Units[0].Kernel); // relu2 is no convolution
        Assert.Equal(stats.Layers[0].Snapshot.Channels[2], unit.Statistics);
    }

    [Fact]
    public void Should_feed_the_maximized_images_at_their_own_size_unless_the_model_refuses_it()
    {
        using var images = new TempImages();
        images.Write("a.png", 16, 16, 0);
        var source = DatasetSource.FromPath(images.Folder);
        using var anySize = PixelFinder();
        // Unflatten fixes the input at 3x16x16: a 12 px image fails before the conv, so the model's own 16 px is fed.
        using var fixedSize = new ModuleModel("fixed-size",
            nn.Sequential(("flat", nn.Flatten()), ("unflat", nn.Unflatten(1, [3, 16, 16])), ("conv", nn.Conv2d(3, 2, 3, padding: 1))),
            new Preprocessing { Height = 16, Width = 16 });
        var options = Quick with { MaximizeUpsampleTo = null, MaximizeSize = 12 };

        var accepted = AtlasBuilder.Run(anySize, source, ["pool"], null, options).Atlas;
        var refused = AtlasBuilder.Run(fixedSize, source, ["conv"], null, options).Atlas;
        var asked = AtlasBuilder.Run(fixedSize, source, ["conv"], null, options with { MaximizeUpsampleTo = 16 }).Atlas;

        Assert.Contains("upsample 12,", accepted.Maximization, StringComparison.Ordinal);
        Assert.Contains("upsample 16,", refused.Maximization, StringComparison.Ordinal);
        Assert.Equal((12, 12), (refused.Layers[0].Units[0].Maximized!.Width, refused.Layers[0].Units[0].Maximized!.Height));
        Assert.Equal(refused.Layers[0].Units[0].Maximized!.Pixels, asked.Layers[0].Units[0].Maximized!.Pixels);
    }

    [Fact]
    public void Should_reuse_cached_unit_images_on_a_rerun_with_the_same_arguments()
    {
        using var images = new TempImages();
        for (var i = 0; i < 3; i++)
        {
            images.Write($"i{i}.png", 16, 16, i);
        }

        using var model = TinyModels.SmallConvNet();
        var cache = new MemoryCache();
        var source = DatasetSource.FromPath(images.Folder);

        var first = AtlasBuilder.Run(model, source, ["conv2"], null, Quick, cache).Atlas;
        var stored = cache.Stored;
        var second = AtlasBuilder.Run(model, source, ["conv2"], null, Quick, cache).Atlas;
        var other = AtlasBuilder.Run(model, source, ["conv2"], null, Quick with { Seed = 5 }, cache).Atlas;

        Assert.Equal(8, stored);
        Assert.Equal(8, cache.Hits);
        Assert.Equal(16, cache.Stored); // another seed is another key
        Assert.All(first.Layers[0].Units.Zip(second.Layers[0].Units), p => Assert.Equal(p.First.Maximized!.Pixels, p.Second.Maximized!.Pixels));
        Assert.NotEqual(first.Layers[0].Units[0].Maximized!.Pixels, other.Layers[0].Units[0].Maximized!.Pixels);
    }

    [Fact]
    public void Should_refuse_statistics_without_exemplars_and_units_outside_the_layer()
    {
        using var images = new TempImages();
        images.Write("a.png", 16, 16, 1);
        using var model = TinyModels.SmallConvNet();
        var source = DatasetSource.FromPath(images.Folder);
        var bare = DatasetStatistics.Run(model, source, ["conv1"], new DatasetStatisticsOptions { Exemplars = 0 });

        var none = Assert.Throws<ConvLensException>(() => AtlasBuilder.Build(model, bare, Quick));
        var outside = Assert.Throws<ConvLensException>(() => AtlasBuilder.Run(model, source, ["conv1"], null, Quick with { Units = [1, 9] }));

        Assert.Contains("have no exemplar lists", none.Message, StringComparison.Ordinal);
        Assert.Equal("layer 'conv1' has 4 units (0..3); asked for 9", outside.Message);
    }

    private sealed class MemoryCache : IAtlasImageCache
    {
        private readonly Dictionary<string, ConvLens.Imaging.RgbImage> _images = [];

        public int Hits { get; private set; }

        public int Stored => _images.Count;

        public ConvLens.Imaging.RgbImage? Find(string key)
        {
            var found = _images.GetValueOrDefault(key);
            Hits += found is null ? 0 : 1;
            return found;
        }

        public void Store(string key, ConvLens.Imaging.RgbImage image) => _images[key] = image;
    }
}
