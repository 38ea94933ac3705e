using ConvLens.Imaging;
using ConvLens.Tests.Support;

namespace ConvLens.Tests.Cli;

/// <summary>The library says what is wrong in its own terms; the command line adds the option it came from.</summary>
public sealed class OptionErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("stats", "--shard", "3/2", "--shard: a shard must be I/N with 1 <= I <= N")]
    [InlineData("stats", "--range", "5", "--range: histogram range must be MIN:MAX")]
    [InlineData("maps", "--channels", "a-b", "--channels: a channel range must be FIRST-LAST")]
    [InlineData("maps", "--top", "0", "--top: the number of top channels must be at least 1, got 0")]
    [InlineData("maps", "--norm", "1", "--norm: '1' is not one of channel, layer")]
    [InlineData("maps", "--colormap", "rainbow", "--colormap: unknown colormap 'rainbow'; valid colormaps: viridis, magma")]
    [InlineData("cam", "--overlay", "soft", "--overlay: 'soft' is not one of uniform, weighted")]
    [InlineData("cam", "--method", "magic-cam", "--method: unknown attribution method 'magic-cam'; choose from: grad-cam, grad-cam++")]
    [InlineData("maximize", "--transforms=heavy", null, "--transforms: 'heavy' is not one of standard, none")]
    [InlineData("maximize", "--objective", "frobnicate", "--objective: invalid objective 'frobnicate'")]
    [InlineData("maximize", "--device", "tpu", "--device: unknown device 'tpu'")]
    public void Should_name_the_option_When_its_value_does_not_parse(string command, string option, string? value, string expected)
    {
        var result = CliRunner.Run([.. Arguments(command), option, .. value is null ? Array.Empty<string>() : [value]]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.SingleErrorLine(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maps")]
    [InlineData("stats")]
    [InlineData("filters")]
    [InlineData("dream")]
    public void Should_name_the_option_and_point_to_inspect_When_a_layer_is_unknown(string command)
    {
        var result = CliRunner.Run(Arguments(command, layer: "stage9"));

        Assert.Equal(1, result.ExitCode);
        var error = result.SingleErrorLine();
        Assert.Contains("--layer: unknown layer 'stage9' in model 'torchvision:resnet18'", error, StringComparison.Ordinal);
        Assert.Contains("`convlens inspect torchvision:resnet18` lists every layer", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_ask_for_a_labels_file_When_a_target_is_a_class_name()
    {
        var result = CliRunner.Run([.. Arguments("cam"), "--target", "tabby"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--target 'tabby' is a class name, which needs --labels FILE", result.SingleErrorLine(), StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private string[] Arguments(string command, string layer = "stage4")
    {
        var image = _folder.File("photo.png");
        File.WriteAllBytes(image, ImageEncoder.EncodePng(TestImages.Gradient(32, 32)));
        var output = _folder.File("out");
        return command switch
        {
            "stats" => ["stats", "torchvision:resnet18", _folder.Path, "--layer", layer, "--out", output],
            "maps" => ["maps", "torchvision:resnet18", image, "--layer", layer, "--out", output],
            "filters" => ["filters", "torchvision:resnet18", "--layer", layer, "--out", output],
            "dream" => ["dream", "torchvision:resnet18", image, "--layer", layer, "--out", output],
            "cam" => ["cam", "torchvision:resnet18", image, "--out", output],
            _ => ["maximize", "torchvision:resnet18", "--layer", layer, "--steps", "1", "--out", output],
        };
    }
}
