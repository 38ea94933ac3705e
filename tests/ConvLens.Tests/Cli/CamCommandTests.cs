using System.Text.Json;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Metrics;

namespace ConvLens.Tests.Cli;

public class CamCommandTests
{
    [Fact]
    public void Should_write_overlays_raw_maps_grid_and_json()
    {
        using var folder = new TempFolder();
        var image = folder.File("gradient.png");
        File.WriteAllBytes(image, ImageEncoder.EncodePng(TestImages.Gradient(300, 200)));
        var outDir = folder.File("out");

        var result = CliRunner.Run("cam", "torchvision:resnet18", image, "--method", "gradcam,hires-cam", "--target", "3", "--metrics", "--out", outDir);

        Assert.True(result.ExitCode == 0, result.Errors);
        var files = Directory.GetFiles(outDir).Select(Path.GetFileName).ToList();
        Assert.Contains("gradient.grad-cam.class_3.png", files);
        Assert.Contains("gradient.hires-cam.class_3.raw16.png", files);
        Assert.Contains("comparison.png", files);
        Assert.Equal(300, ImageDecoder.Load(Path.Combine(outDir, "gradient.grad-cam.class_3.png")).Width);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "cam.json")));
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(double.IsFinite(r.GetProperty("metrics").GetProperty("deletion").GetProperty("random").GetDouble())));
        Assert.All(results, r => Assert.True(double.IsFinite(r.GetProperty("metrics").GetProperty("insertion").GetProperty("value").GetDouble())));
        // No --layer: the file names the layer the default chose, at the top and per result.
        using var model = ModelCatalog.Load("torchvision:resnet18");
        var chosen = CamLayers.Resolve(model, null, 224, 224);
        Assert.Equal(chosen, json.RootElement.GetProperty("layer").GetString());
        Assert.All(results, r => Assert.Equal(chosen, r.GetProperty("layer").GetString()));
    }

    [Fact]
    public void Should_explain_similarity_to_a_reference_on_the_featurizer()
    {
        using var folder = new TempFolder();
        var image = folder.File("a.png");
        var reference = folder.File("b.png");
        File.WriteAllBytes(image, ImageEncoder.EncodePng(TestImages.Gradient(224, 224)));
        File.WriteAllBytes(reference, ImageEncoder.EncodePng(TestImages.Noise(64, 64)));

        var result = CliRunner.Run("cam", "resnet18-featurizer", image, "--target", $"similar:{reference},channel:stage4:7", "--layer", "stage4", "--out", folder.File("out"));

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("similarity to b.png", result.Output, StringComparison.Ordinal);
        Assert.Contains("channel stage4:7", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_grade_maps_with_the_chosen_metrics_and_skip_pointing_without_a_box()
    {
        using var folder = new TempFolder();
        var image = folder.File("a.png");
        File.WriteAllBytes(image, ImageEncoder.EncodePng(TestImages.Noise(224, 224, seed: 5)));
        var boxes = folder.File("boxes.csv");
        File.WriteAllText(boxes, "image,class,x1,y1,x2,y2\na.png,channel stage4:7,0,0,224,224\n");
        var outDir = folder.File("out");

        var result = CliRunner.Run("cam", "resnet18-featurizer", image, "--target", "channel:stage4:7,channel:stage4:9", "--layer", "stage4", "--metrics", "pointing,energy-pointing,sparseness,complexity", "--boxes", boxes, "--npy", "--out", outDir);

        Assert.True(result.ExitCode == 0, result.Errors);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "cam.json")));
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        var boxed = results[0].GetProperty("metrics");
        Assert.True(results[0].GetProperty("warning").ValueKind == JsonValueKind.Null, results[0].GetProperty("warning").ToString());
        Assert.Equal(1.0, boxed.GetProperty("pointing").GetProperty("value").GetDouble());
        Assert.Equal(1.0, boxed.GetProperty("energy-pointing").GetProperty("value").GetDouble(), 6);
        var (_, raw) = NpyReader.Read(Path.Combine(outDir, "a.grad-cam.channel_stage4_7.npy"));
        var values = raw.Select(v => (v - raw.Min()) / (raw.Max() - raw.Min())).ToArray();
        Assert.Equal(Sparseness.Gini(values), boxed.GetProperty("sparseness").GetProperty("value").GetDouble(), 4);
        Assert.Equal(Complexity.Entropy(values), boxed.GetProperty("complexity").GetProperty("value").GetDouble(), 4);
        var unboxed = results[1];
        Assert.False(unboxed.GetProperty("metrics").TryGetProperty("pointing", out _));
        Assert.Contains("pointing: no box", unboxed.GetProperty("metricNotes")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(6, json.RootElement.GetProperty("summary").GetArrayLength());
    }

    [Fact]
    public void Should_explain_a_dataset_folder_and_report_a_corrupt_file()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("data"));
        File.WriteAllBytes(folder.File("data/a.png"), ImageEncoder.EncodePng(TestImages.Noise(64, 64, seed: 1)));
        File.WriteAllBytes(folder.File("data/b.png"), ImageEncoder.EncodePng(TestImages.Noise(64, 64, seed: 2)));
        File.WriteAllText(folder.File("data/c.png"), "not a picture");
        var outDir = folder.File("out");

        var result = CliRunner.Run("cam", "resnet18-featurizer", folder.File("data"), "--target", "channel:stage4:7", "--layer", "stage4", "--aggregate", "--npy", "--batch", "2", "--out", outDir);

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("skipped", result.Output, StringComparison.Ordinal);
        Assert.Contains("c.png", result.Output, StringComparison.Ordinal);
        var lines = File.ReadAllLines(Path.Combine(outDir, "images.csv"));
        Assert.Equal(3, lines.Length);
        var (shape, mean) = NpyReader.Read(Path.Combine(outDir, "mean.grad-cam.channel_stage4_7.all.npy"));
        Assert.Equal([224L, 224L], shape);
        Assert.InRange(mean.Max(), 0.5f, 1f);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "cam.json")));
        Assert.Equal(2, json.RootElement.GetProperty("imagesProcessed").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("skipped").GetArrayLength());
    }

    [Theory]
    [InlineData("--metrics", "accuracy", 2, "road, pointing")]
    [InlineData("--method", "magic-cam", 2, "grad-cam++")]
    [InlineData("--smooth", "blur", 2, "--smooth must be none, aug or eigen")]
    [InlineData("--layer", "layer9", 1, "stage4")]
    [InlineData("--layer", "avgpool", 1, "no spatial extent")]
    [InlineData("--target", "2000", 1, "0..999")]
    [InlineData("--target", "cat", 1, "channel:LAYER:C")]
    public void Should_fail_with_one_line_When_input_is_bad(string option, string value, int code, string expected)
    {
        using var folder = new TempFolder();
        var image = folder.File("gradient.png");
        File.WriteAllBytes(image, ImageEncoder.EncodePng(TestImages.Gradient(64, 64)));

        var result = CliRunner.Run("cam", "torchvision:resnet18", image, option, value, "--out", folder.File("out"));

        Assert.Equal(code, result.ExitCode);
        Assert.Contains(expected, result.SingleErrorLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_fail_with_one_line_When_the_image_cannot_be_read()
    {
        using var folder = new TempFolder();
        var image = folder.File("broken.png");
        File.WriteAllText(image, "not a picture");

        var result = CliRunner.Run("cam", "torchvision:resnet18", image, "--out", folder.File("out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("broken.png", result.SingleErrorLine(), StringComparison.Ordinal);
    }
}
