using System.Text.Json;
using ConvLens.Imaging;

namespace ConvLens.Tests.Cli;

public sealed class MaximizeCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "convlens-maximize-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Should_write_one_png_per_channel_a_grid_an_animation_and_a_manifest()
    {
        var result = CliRunner.Run("maximize", "torchvision:resnet18", "--layer", "layer1", "--channels", "0-2", "--steps", "3",
            "--size", "32", "--upsample", "0", "--batch", "2", "--gif", "--seed", "4", "--out", _out);

        Assert.True(result.ExitCode == 0, result.Errors);
        foreach (var name in new[] { "channel-0.png", "channel-1.png", "channel-2.png", "grid.png", "animation.gif", "manifest.json" })
        {
            Assert.True(File.Exists(Path.Combine(_out, name)), $"{name} missing");
        }

        Assert.Equal(32, ImageDecoder.Load(Path.Combine(_out, "channel-2.png")).Width);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "manifest.json")));
        var batches = manifest.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, batches.Count);
        Assert.Contains("seed=5", batches[1].GetProperty("manifest").GetProperty("parameterization").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--channels", "5-2", "--channels")]
    [InlineData("--param", "wavelet", "--param")]
    [InlineData("--size", "4", "--size")]
    public void Should_fail_with_usage_error_When_an_option_is_malformed(string option, string value, string expected)
    {
        var result = CliRunner.Run("maximize", "torchvision:resnet18", "--layer", "layer1", option, value, "--out", _out);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.SingleErrorLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_layer_and_write_nothing_When_the_layer_is_unknown()
    {
        var result = CliRunner.Run("maximize", "torchvision:resnet18", "--layer", "layer9", "--steps", "1", "--out", _out);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("layer9", result.SingleErrorLine(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_out) && Directory.EnumerateFiles(_out).Any());
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
