using System.Text.Json;
using ConvLens.Imaging;
using ConvLens.Tests.Support;

namespace ConvLens.Tests.Cli;

public sealed class MapsAndFiltersCommandTests : IDisposable
{
    private readonly TempImages _images = new();
    private readonly string _out = Directory.CreateTempSubdirectory("convlens-maps").FullName;

    [Fact]
    public void Should_write_a_grid_overlay_and_json_per_layer()
    {
        var image = _images.Write("cat.png", 64, 48, 3);

        var result = CliRunner.Run("maps", "torchvision:resnet18", image, "--layer", "stage1", "--layer", "conv1", "--top", "8", "--norm", "layer", "--out", _out);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "maps.json")));
        var layers = json.RootElement.GetProperty("layers");
        Assert.Equal(2, layers.GetArrayLength());
        Assert.Equal(8, layers[0].GetProperty("channels").GetArrayLength());
        var overlay = ImageDecoder.Load(Path.Combine(_out, "stage1-mean-overlay.png"));
        // Laid back onto the photo, at its own size (not the 224x224 model input).
        Assert.Equal((64, 48), (overlay.Width, overlay.Height));
        Assert.True(File.Exists(Path.Combine(_out, "conv1-maps.png")));
    }

    [Fact]
    public void Should_draw_rgb_tiles_for_the_first_layer()
    {
        var result = CliRunner.Run("filters", "torchvision:resnet18", "--layer", "conv1", "--count", "16", "--out", _out);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("64 filters of 3x7x7, drew 16", result.Output, StringComparison.Ordinal);
        Assert.True(ImageDecoder.Load(Path.Combine(_out, "conv1-filters.png")).Width > 100);
    }

    [Theory]
    [InlineData("maps", "missing.png", "--layer", "stage1", "not found")]
    [InlineData("maps", "IMAGE", "--layer", "stage9", "unknown layer 'stage9'")]
    [InlineData("filters", null, "--layer", "relu", "not a convolution")]
    public void Should_fail_with_one_line_When_input_is_bad(string command, string? image, string option, string layer, string expected)
    {
        var path = image == "IMAGE" ? _images.Write("x.png", 16, 16, 1) : image;
        string[] args = path is null
            ? [command, "torchvision:resnet18", option, layer, "--out", _out]
            : [command, "torchvision:resnet18", path, option, layer, "--out", _out];

        var result = CliRunner.Run(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.SingleErrorLine(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_out));
    }

    public void Dispose()
    {
        _images.Dispose();
        Directory.Delete(_out, recursive: true);
    }
}
