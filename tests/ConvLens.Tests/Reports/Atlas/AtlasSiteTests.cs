using System.Text.Json;
using System.Text.RegularExpressions;
using ConvLens.Imaging;
using ConvLens.Reports.Atlas;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using ConvLens.Tests.Visualize.Atlas;
using ConvLens.Visualize.Atlas;
using ConvLens.Visualize.Statistics;

namespace ConvLens.Tests.Reports.Atlas;

public sealed partial class AtlasSiteTests : IDisposable
{
    private readonly string _site = Directory.CreateTempSubdirectory("convlens-atlas-site").FullName;

    /// <summary>An atlas of two layers of the small net over six images and a corrupt one, written to a folder.</summary>
    internal static AtlasContent WriteSite(string folder)
    {
        using var images = new TempImages();
        for (var i = 0; i < 6; i++)
        {
            images.Write($"i{i}.png", 20, 18, i);
        }

        images.WriteBytes("i3b-corrupt.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 9, 9]);
        using var model = TinyModels.SmallConvNet();
        var (_, atlas) = AtlasBuilder.Run(model, DatasetSource.FromPath(images.Folder), ["conv1", "relu2"], new DatasetStatisticsOptions { BatchSize = 4 }, AtlasBuilderTests.Quick with { Units = [0, 1, 3] });
        foreach (var (path, data) in AtlasSite.Render(atlas))
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, data);
        }

        return atlas;
    }

    [GeneratedRegex("(?:href|src)=\"([^\"]+)\"")]
    private static partial Regex Links();

    [Fact]
    public void Should_link_only_to_files_and_images_that_exist_and_load_nothing_from_outside()
    {
        var atlas = WriteSite(_site);

        var pages = Directory.GetFiles(_site, "*.html", SearchOption.AllDirectories);
        Assert.Equal(1 + 2 + 6, pages.Length); // index, 2 layers, 3 units each
        var checkedImages = 0;
        foreach (var page in pages)
        {
            var html = File.ReadAllText(page);
            Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
            foreach (var link in Links().Matches(html).Select(m => m.Groups[1].Value))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, link));
                Assert.True(File.Exists(target), $"{Path.GetRelativePath(_site, page)} links to missing {link}");
                Assert.StartsWith(_site, target, StringComparison.Ordinal);
                if (target.EndsWith(".png", StringComparison.Ordinal))
                {
                    var image = ImageDecoder.Load(target);
                    Assert.True(image.Width >= 1 && image.Pixels.Any(b => b != image.Pixels[0]), $"{link} is blank");
                    checkedImages++;
                }
            }
        }

        Assert.True(checkedImages > 40, $"only {checkedImages} images checked");
        var index = File.ReadAllText(Path.Combine(_site, "index.html"));
        Assert.Contains("i3b-corrupt.jpg", index, StringComparison.Ordinal);
        Assert.Contains(atlas.Skipped, s => s.Path.EndsWith("i3b-corrupt.jpg", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_give_units_stable_urls_with_prev_and_next_and_a_manifest_naming_existing_files()
    {
        WriteSite(_site);

        var middle = File.ReadAllText(Path.Combine(_site, "layers", "conv1", "units", "1.html"));
        var first = File.ReadAllText(Path.Combine(_site, "layers", "conv1", "units", "0.html"));
        var last = File.ReadAllText(Path.Combine(_site, "layers", "conv1", "units", "3.html"));
        Assert.Contains("rel=\"prev\" href=\"../../../layers/conv1/units/0.html\"", middle, StringComparison.Ordinal);
        Assert.Contains("rel=\"next\" href=\"../../../layers/conv1/units/3.html\"", middle, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"prev\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", last, StringComparison.Ordinal);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_site, "atlas.json")));
        var layers = manifest.RootElement.GetProperty("layers");
        Assert.Equal(["conv1", "relu2"], layers.EnumerateArray().Select(l => l.GetProperty("displayName").GetString()));
        var paths = layers.EnumerateArray().SelectMany(l => l.GetProperty("units").EnumerateArray()).SelectMany(u =>
            new[] { u.GetProperty("page").GetString()!, u.GetProperty("maximized").GetString()! }
                .Concat(u.GetProperty("top").EnumerateArray().Concat(u.GetProperty("bottom").EnumerateArray()).Select(e => e.GetProperty("crop").GetString()!)))
            .ToArray();
        Assert.Equal(6 * (2 + 4), paths.Length);
        Assert.All(paths, p => Assert.True(File.Exists(Path.Combine(_site, p)), p));
        var top = layers[0].GetProperty("units")[0].GetProperty("top")[0];
        Assert.True(top.GetProperty("score").GetSingle() >= layers[0].GetProperty("units")[0].GetProperty("top")[1].GetProperty("score").GetSingle());
    }

    [Fact]
    public void Should_mark_dead_units_and_carry_the_sort_keys_on_the_layer_page()
    {
        using var images = new TempImages();
        for (var i = 0; i < 4; i++)
        {
            images.Write($"i{i}.png", 12, 12, i);
        }

        using var model = PlantedModels.DeadChannels([1, 4]);
        var (_, atlas) = AtlasBuilder.Run(model, DatasetSource.FromPath(images.Folder), ["relu"], null, AtlasBuilderTests.Quick with { MaximizeSteps = 0 });

        var page = AtlasSite.Render(atlas).Single(f => f.Path == "layers/relu/index.html");
        var html = System.Text.Encoding.UTF8.GetString(page.Data);

        Assert.Equal(2, Regex.Count(html, "class=\"card dead\""));
        Assert.Matches("class=\"card dead\" data-unit=\"1\" data-mean=\"0\" data-active=\"0\"", html);
        Assert.Equal(6, Regex.Count(html, "data-active=\""));
        Assert.Contains("<option value=\"active\">fraction active</option>", html, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_site, recursive: true);
}
