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
