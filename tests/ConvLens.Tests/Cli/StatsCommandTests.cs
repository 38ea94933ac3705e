using ConvLens.Tests.Support;

namespace ConvLens.Tests.Cli;

public sealed class StatsCommandTests : IDisposable
{
    private readonly TempImages _images = new();
    private readonly string _out = Directory.CreateTempSubdirectory("convlens-stats").FullName;

    [Fact]
    public void Should_write_json_csv_and_plots_and_report_bad_files()
    {
        _images.Write("a.png", 40, 32, 1);
        _images.Write("b.jpg", 32, 40, 2);
        _images.WriteBytes("c.jpg", [0xFF, 0xD8, 0xFF, 0, 0, 0]);
        _images.WriteBytes("notes.txt", "x"u8.ToArray());

        var result = CliRunner.Run("stats", "torchvision:resnet18", _images.Folder, "--layer", "stage4", "--batch", "2", "--out", _out);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"stage4: \d+ dead of 512", result.Output);
        Assert.Contains("skipped", result.Output, StringComparison.Ordinal);
        Assert.Contains("c.jpg", result.Output, StringComparison.Ordinal);
        Assert.Contains("notes.txt", result.Output, StringComparison.Ordinal);
        Assert.Equal(513, File.ReadAllLines(Path.Combine(_out, "stage4.csv")).Length);
        Assert.True(new FileInfo(Path.Combine(_out, "stage4-histogram.png")).Length > 1000);
        Assert.Empty(Directory.GetFiles(_out, "*.tmp"));
    }

    [Fact]
    public void Should_merge_shards_into_the_same_json_as_one_run()
    {
        for (var i = 0; i < 5; i++)
        {
            _images.Write($"i{i}.png", 24, 24, i);
        }

        // Weights from a file: random initial weights depend on a global RNG that parallel tests also draw from.
        var weights = Path.Combine(_out, "resnet18.dat");
        using (var net = TorchSharp.torchvision.models.resnet18())
        {
            net.save(weights);
        }

        string Run(params string[] extra) =>
            CliRunner.Run(["stats", "torchvision:resnet18:" + weights, _images.Folder, "--layer", "stage3", "--batch", "2", .. extra]).ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal("0", Run("--out", Path.Combine(_out, "single")));
        Assert.Equal("0", Run("--shard", "1/2", "--out", Path.Combine(_out, "p1")));
        Assert.Equal("0", Run("--shard", "2/2", "--out", Path.Combine(_out, "p2")));
        var merge = CliRunner.Run("stats", "merge", Path.Combine(_out, "p2", "stats.json"), Path.Combine(_out, "p1", "stats.json"), "--out", Path.Combine(_out, "merged"));

        Assert.Equal(0, merge.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(_out, "single", "stats.json")), File.ReadAllText(Path.Combine(_out, "merged", "stats.json")));
    }

    [Theory]
    [InlineData("nope-folder", "stage4", "not found")]
    [InlineData("IMAGES", "layer9", "unknown layer 'layer9'")]
    public void Should_fail_with_one_line_and_write_nothing_When_input_is_bad(string dataset, string layer, string expected)
    {
        _images.Write("a.png", 16, 16, 1);
        var path = dataset == "IMAGES" ? _images.Folder : Path.Combine(_images.Folder, dataset);

        var result = CliRunner.Run("stats", "torchvision:resnet18", path, "--layer", layer, "--out", Path.Combine(_out, "bad"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.SingleErrorLine(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_out, "bad")));
    }

    [Fact]
    public void Should_fail_with_one_line_When_a_merge_part_is_missing_or_not_statistics()
    {
        var bogus = _images.WriteBytes("bogus.json", "{\"format\":\"other\"}"u8.ToArray());

        var missing = CliRunner.Run("stats", "merge", Path.Combine(_out, "none.json"));
        var wrong = CliRunner.Run("stats", "merge", bogus);

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("not found", missing.SingleErrorLine(), StringComparison.Ordinal);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("not a ConvLens statistics file", wrong.SingleErrorLine(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _images.Dispose();
        Directory.Delete(_out, recursive: true);
    }
}
