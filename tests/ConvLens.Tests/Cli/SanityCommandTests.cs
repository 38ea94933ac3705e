using System.Text.Json;
using ConvLens.Imaging;
using ConvLens.Tests.Support;

namespace ConvLens.Tests.Cli;

public class SanityCommandTests
{
    [Fact]
    public void Should_print_and_write_a_row_per_randomised_layer_and_a_strip_per_image()
    {
        using var folder = new TempFolder();
        var image = folder.File("noise.png");
        File.WriteAllBytes(image, ImageEncoder.EncodePng(TestImages.Noise(96, 96, seed: 2)));
        var outDir = folder.File("out");

        var result = CliRunner.Run("sanity", "resnet18-featurizer", image, "--target", "channel:stage4:7", "--layer", "stage4", "--steps", "2", "--out", outDir);

        Assert.True(result.ExitCode == 0, result.Errors);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "sanity.json")));
        var steps = json.RootElement.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(2, steps.Count);
        Assert.Equal(22, json.RootElement.GetProperty("weightLayers").GetInt32());
        Assert.StartsWith("Convolution", steps[0].GetProperty("layer").GetString(), StringComparison.Ordinal);
        Assert.All(steps, s => Assert.InRange(s.GetProperty("spearman").GetDouble(), -1, 1));
        Assert.Contains(steps[0].GetProperty("layer").GetString()!, result.Output, StringComparison.Ordinal);
        var strip = ImageDecoder.Load(Path.Combine(outDir, "noise.sanity.png"));
        Assert.True(strip.Width > 4 * 128, $"strip {strip.Width}x{strip.Height}: the photo, the trained map and two steps");
    }
}
