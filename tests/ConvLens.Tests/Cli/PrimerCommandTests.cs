using ConvLens.Imaging;
using ImageMagick;

namespace ConvLens.Tests.Cli;

public sealed class PrimerCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("convlens-primer").FullName;

    [Fact]
    public void Should_print_the_4x4_map_and_write_a_decodable_png_and_gif()
    {
        var result = CliRunner.Run("primer", "--out", _dir, "--seed", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("6x6 image (x) 3x3 kernel -> 4x4 map", result.Output, StringComparison.Ordinal);
        Assert.Contains("cosine with the filter 0.99", result.Output.Replace("1.0000", "0.9999", StringComparison.Ordinal), StringComparison.Ordinal);
        var png = ImageDecoder.Load(Path.Combine(_dir, "primer-feature-maps.png"));
        Assert.True(png.Width > 200 && png.Height > 200, $"grid is {png.Width}x{png.Height}");
        Assert.True(png.Pixels.Distinct().Count() > 50, "the grid should not be blank");
        using var gif = new MagickImageCollection(Path.Combine(_dir, "primer-filter-dream.gif"));
        Assert.True(gif.Count >= 10, $"animation has {gif.Count} frames");
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp*"));
    }

    [Fact]
    public void Should_fail_with_usage_error_When_seed_is_not_a_number()
    {
        var result = CliRunner.Run("primer", "--out", _dir, "--seed", "abc");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("abc", result.SingleErrorLine(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Should_fail_with_one_line_When_output_folder_is_a_file()
    {
        var file = Path.Combine(_dir, "occupied");
        File.WriteAllText(file, "x");

        var result = CliRunner.Run("primer", "--out", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("occupied", result.SingleErrorLine(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
