using System.Text.RegularExpressions;
using ConvLens.Imaging;

namespace ConvLens.Tests.Cli;

public sealed partial class LayersDemoSectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("convlens-demo-layers").FullName;

    [Fact]
    public void Should_show_filters_maps_and_dead_filter_counts_of_the_built_in_model()
    {
        var result = CliRunner.Run("demo", "--out", _dir, "--only", "layers");

        Assert.Equal(0, result.ExitCode);
        var html = File.ReadAllText(Path.Combine(_dir, "index.html"));
        Assert.Contains("Inside the layers", html, StringComparison.Ordinal);
        Assert.Matches(@"\d+ dead of 512", html);
        var sources = ImageSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(9, sources.Count);
        Assert.All(sources, src => Assert.True(ImageDecoder.Load(Path.Combine(_dir, src)).Width > 100, src));
    }

    [GeneratedRegex("<img src=\"([^\"]+)\"")]
    private static partial Regex ImageSource();

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
