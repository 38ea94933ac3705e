using ConvLens.Tests.Support;
using ConvLens.Tests.Web;

namespace ConvLens.Tests.Cli;

public sealed class AtlasCommandTests : IDisposable
{
    private readonly TempImages _images = new();
    private readonly string _out = Directory.CreateTempSubdirectory("convlens-atlas").FullName;

    private string Model()
    {
        for (var i = 0; i < 5; i++)
        {
            _images.Write($"i{i}.png", 36, 32, i);
        }

        _images.WriteBytes("broken.png", [0x89, 0x50, 0x4E, 0x47, 0, 0]);
        return TinyOnnxNet.Save(_out);
    }

    private static readonly string[] ShardOrder = ["1/3", "3/3", "2/3"];

    private static readonly string[] SameFiles = ["stats.json", "atlas.json", "index.html", "layers/Conv_2/units/1.html", "layers/Relu_1/img/3-top1.png", "layers/Relu_1/img/0-max.png"];

    private static string[] Args(string model, string dataset, string output, params string[] extra) =>
        ["atlas", model, dataset, "--layer", "relu1", "--layer", "conv2", "--units", "0-1,3", "--top", "2", "--steps", "2", "--image-size", "32", "--batch", "2", "--out", output, .. extra];

    [Fact]
    public void Should_write_the_site_and_reuse_the_unit_images_on_a_rerun()
    {
        var model = Model();
        var site = Path.Combine(_out, "site");

        var first = CliRunner.Run(Args(model, _images.Folder, site));
        var second = CliRunner.Run(Args(model, _images.Folder, site));

        Assert.True(first.ExitCode == 0, first.Errors + first.Output);
        Assert.Contains("skipped", first.Output, StringComparison.Ordinal);
        Assert.Contains("broken.png", first.Output, StringComparison.Ordinal);
        Assert.Contains("0 unit image(s) reused", first.Output, StringComparison.Ordinal);
        Assert.Contains("6 unit image(s) reused", second.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(site, "layers", "Conv_2", "units", "3.html")), string.Join(", ", Directory.GetDirectories(Path.Combine(site, "layers"))));
        Assert.Empty(Directory.GetDirectories(_out, "site.tmp-*").Concat(Directory.GetDirectories(_out, "site.old-*")));
        Assert.Equal(6, Directory.GetFiles(site + ".cache", "*.png").Length);
    }

    [Fact]
    public void Should_merge_shards_into_the_site_of_one_run()
    {
        var model = Model();

        var single = CliRunner.Run(Args(model, _images.Folder, Path.Combine(_out, "single")));
        var parts = ShardOrder.Select(s => CliRunner.Run(Args(model, _images.Folder, Path.Combine(_out, "part" + s[0]), "--shard", s))).ToArray();
        var merge = CliRunner.Run("atlas", "merge", Path.Combine(_out, "part3"), Path.Combine(_out, "part1"), Path.Combine(_out, "part2"), "--out", Path.Combine(_out, "merged"));

        Assert.Equal(0, single.ExitCode);
        Assert.All(parts, p => Assert.Equal(0, p.ExitCode));
        Assert.True(merge.ExitCode == 0, merge.Errors + merge.Output);
        foreach (var file in SameFiles)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(_out, "single", file)), File.ReadAllBytes(Path.Combine(_out, "merged", file)));
        }
    }

    [Theory]
    [InlineData("--units", "7-2", "--units: units must be 'all', a range such as 0-63")]
    [InlineData("--shard", "auto", "--shard: shard 'auto' found no scheduler")]
    [InlineData("--top", "0", "--top must be 1..100")]
    public void Should_fail_with_one_line_When_an_option_is_bad(string option, string value, string expected)
    {
        var model = Model();

        var result = CliRunner.Run(Args(model, _images.Folder, Path.Combine(_out, "bad"), option, value));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.SingleErrorLine(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_out, "bad")));
    }

    public void Dispose()
    {
        _images.Dispose();
        Directory.Delete(_out, recursive: true);
    }
}
