using System.Text.Json;
using ConvLens.Tests.Support;

namespace ConvLens.Tests.Cli;

/// <summary><c>--npy</c> on cam, maps and stats: the arrays read back (with the test's own parser) hold the numbers the JSON reports.</summary>
public sealed class NpyOutputTests : IDisposable
{
    private readonly TempImages _images = new();
    private readonly string _out = Directory.CreateTempSubdirectory("convlens-npy").FullName;

    [Fact]
    public void Should_write_the_raw_cam_map_as_float32_at_the_input_size()
    {
        var image = _images.Write("cat.png", 64, 48, 3);

        var result = CliRunner.Run("cam", "resnet18-featurizer", image, "--target", "channel:stage4:7", "--layer", "stage4", "--npy", "--out", _out);

        Assert.True(result.ExitCode == 0, result.Errors);
        var (shape, values) = NpyReader.Read(Path.Combine(_out, "cat.grad-cam.channel_stage4_7.npy"));
        Assert.Equal([224L, 224L], shape);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "cam.json")));
        var record = json.RootElement.GetProperty("results")[0];
        Assert.Equal(record.GetProperty("rawMax").GetSingle(), values.Max());
        Assert.Equal(record.GetProperty("rawMin").GetSingle(), values.Min());
        Assert.True(values.Max() > values.Min());
    }

    [Fact]
    public void Should_write_the_shown_feature_maps_as_C_H_W()
    {
        var image = _images.Write("cat.png", 64, 48, 3);

        var result = CliRunner.Run("maps", "resnet18-featurizer", image, "--layer", "stage4", "--top", "4", "--npy", "--out", _out);

        Assert.True(result.ExitCode == 0, result.Errors);
        var (shape, values) = NpyReader.Read(Path.Combine(_out, "stage4-maps.npy"));
        Assert.Equal([4L, 7L, 7L], shape);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "maps.json")));
        var channels = json.RootElement.GetProperty("layers")[0].GetProperty("channels");
        for (var c = 0; c < 4; c++)
        {
            var mean = values.Skip(c * 49).Take(49).Average(v => (double)v);
            Assert.Equal(channels[c].GetProperty("mean").GetDouble(), mean, 4);
        }
    }

    [Fact]
    public void Should_write_the_per_channel_histograms_and_their_edges()
    {
        _images.Write("a.png", 40, 32, 1);
        _images.Write("b.png", 32, 40, 2);

        var result = CliRunner.Run("stats", "resnet18-featurizer", _images.Folder, "--layer", "stage4", "--range", "0:8", "--bins", "16", "--npy", "--out", _out);

        Assert.True(result.ExitCode == 0, result.Errors);
        var (shape, counts) = NpyReader.Read(Path.Combine(_out, "stage4-histogram.npy"));
        var (edgeShape, edges) = NpyReader.Read(Path.Combine(_out, "stage4-histogram-edges.npy"));
        Assert.Equal([512L, 16L], shape);
        Assert.Equal([17L], edgeShape);
        Assert.Equal(0f, edges[0]);
        Assert.Equal(0.5f, edges[1]);
        Assert.Equal(8f, edges[16]);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "stats.json")));
        var channels = json.RootElement.GetProperty("layers")[0].GetProperty("channels");
        foreach (var c in new[] { 0, 7, 511 })
        {
            var expected = channels[c].GetProperty("histogram").EnumerateArray().Select(v => (float)v.GetInt64());
            Assert.Equal(expected, counts.Skip(c * 16).Take(16));
        }
    }

    public void Dispose()
    {
        _images.Dispose();
        Directory.Delete(_out, recursive: true);
    }
}
