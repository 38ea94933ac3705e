using ConvLens.Imaging;
using ConvLens.Tests.Fixtures;

namespace ConvLens.Tests.Cli;

public sealed class DreamCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "convlens-dream-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Should_write_the_dream_its_animation_and_a_manifest()
    {
        var result = CliRunner.Run("dream", "torchvision:resnet18", MaximizeModels.Sample("chelsea.png"), "--layer", "layer2",
            "--octaves", "2", "--steps", "2", "--gif", "--out", _out);

        Assert.True(result.ExitCode == 0, result.Errors);
        var dream = ImageDecoder.Load(Path.Combine(_out, "dream.png"));
        Assert.Equal((451, 300), (dream.Width, dream.Height));
        Assert.True(File.Exists(Path.Combine(_out, "dream.gif")));
        Assert.True(File.Exists(Path.Combine(_out, "manifest.json")));
    }

    [Fact]
    public void Should_name_the_file_When_the_image_is_missing()
    {
        var result = CliRunner.Run("dream", "torchvision:resnet18", "/no/such/cat.png", "--out", _out);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cat.png", result.SingleErrorLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_fail_with_usage_error_When_octaves_are_out_of_range()
    {
        var result = CliRunner.Run("dream", "torchvision:resnet18", "x.png", "--octaves", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--octaves", result.SingleErrorLine(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
