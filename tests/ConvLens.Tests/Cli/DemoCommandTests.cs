using System.Text.RegularExpressions;

namespace ConvLens.Tests.Cli;

public sealed partial class DemoCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("convlens-demo").FullName;

    [Fact]
    public void Should_write_an_index_whose_pictures_all_exist_and_decode()
    {
        var result = CliRunner.Run("demo", "--out", _dir, "--only", "primer");

        Assert.Equal(0, result.ExitCode);
        var html = File.ReadAllText(Path.Combine(_dir, "index.html"));
        var sources = ImageSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sources);
        foreach (var src in sources)
        {
            using var image = new ImageMagick.MagickImageCollection(Path.Combine(_dir, src));
            Assert.True(image[0].Width > 16 && image[0].Height > 16, src);
        }

        Assert.Contains("Primer", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_write_a_small_atlas_of_stage3_units_0_to_7_over_crops_and_flips_of_the_samples()
    {
        var result = CliRunner.Run("demo", "--out", _dir, "--only", "atlas");

        Assert.Equal(0, result.ExitCode);
        var samples = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "samples")).Count(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase));
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "atlas", "site", "atlas.json")));
        var root = manifest.RootElement;
        Assert.Equal(samples * 12, root.GetProperty("imagesProcessed").GetInt64());
        var layer = Assert.Single(root.GetProperty("layers").EnumerateArray().ToList());
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], layer.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("channel").GetInt32()));
        Assert.True(File.Exists(Path.Combine(_dir, "atlas", "site", "index.html")));
        var html = File.ReadAllText(Path.Combine(_dir, "index.html"));
        Assert.Contains("Atlas: what each unit responds to", html, StringComparison.Ordinal);
        using var overview = new ImageMagick.MagickImage(Path.Combine(_dir, "atlas", "atlas-overview.png"));
        Assert.True(overview.Width >= 4 * 128 && overview.Height >= 4 * 128, $"{overview.Width}x{overview.Height}");
    }

    [Fact]
    public void Should_list_sections_When_an_unknown_one_is_asked_for()
    {
        var result = CliRunner.Run("demo", "--out", _dir, "--only", "nope");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("primer", result.SingleErrorLine(), StringComparison.Ordinal);
    }

    [GeneratedRegex("<img src=\"([^\"]+)\"")]
    private static partial Regex ImageSource();

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
