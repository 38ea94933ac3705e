using System.Diagnostics;
using System.Globalization;
using ConvLens.Tests.Support;
using ConvLens.Tests.Web;

namespace ConvLens.Tests.Cli;

/// <summary>
/// <c>cam MODEL DATASET --shard</c> and <c>cam merge</c>: the merged folder holds exactly the files of one unsharded run,
/// byte for byte (dataset cam writes no timings, so no file is exempt), whether the shards were named or read from a
/// Kubernetes Indexed Job's environment.
/// </summary>
public sealed class CamMergeCommandTests : IDisposable
{
    private readonly TempImages _images = new();
    private readonly string _out = Directory.CreateTempSubdirectory("convlens-cam-merge").FullName;

    private static readonly string[] ShuffledShards = ["2/3", "1/3", "3/3"];

    private string Model()
    {
        for (var i = 0; i < 7; i++)
        {
            _images.Write($"i{i}.png", TinyOnnxNet.Size, TinyOnnxNet.Size, i);
        }

        _images.WriteBytes("broken.png", [0x89, 0x50, 0x4E, 0x47, 0, 0]);
        // Left half of i0 (index 1: broken.png sorts first), right half of i1 (x2, y2 exclusive); no box for the others.
        _images.WriteBytes("boxes.csv", "image,class,x1,y1,x2,y2\ni0.png,*,0,0,16,32\ni1.png,*,16,0,32,32\n"u8.ToArray());
        return TinyOnnxNet.Save(_out);
    }

    private string[] Args(string model, string output, params string[] extra) =>
        ["cam", model, _images.Folder, "--layer", "relu1", "--method", "grad-cam,layer-cam", "--metrics", "sparseness,pointing,energy-pointing", "--boxes", Path.Combine(_images.Folder, "boxes.csv"),
            "--aggregate", "--npy", "--batch", "2", "--out", output, .. extra];

    private string Folder(string name) => Path.Combine(_out, name);

    [Fact]
    public void Should_merge_shards_in_any_order_into_exactly_the_files_of_one_run()
    {
        var model = Model();

        var single = CliRunner.Run(Args(model, Folder("single")));
        var parts = ShuffledShards.Select(s => CliRunner.Run(Args(model, Folder("part" + s[0]), "--shard", s))).ToList();
        var merge = CliRunner.Run("cam", "merge", Folder("part3"), Folder("part1"), Folder("part2"), "--out", Folder("merged"));

        Assert.True(single.ExitCode == 0, single.Errors);
        Assert.All(parts, p => Assert.True(p.ExitCode == 0, p.Errors));
        Assert.True(merge.ExitCode == 0, merge.Errors + merge.Output);
        AssertSameFiles(Folder("single"), Folder("merged"));
        Assert.Contains("broken.png", merge.Output, StringComparison.Ordinal);
        var csv = File.ReadAllLines(Path.Combine(Folder("merged"), "images.csv"));
        Assert.Equal(1 + (7 * 2), csv.Length);
        // broken.png sorts first: index 0 is skipped, i0..i6 are 1..7.
        Assert.Equal(Enumerable.Range(1, 7).SelectMany(i => new[] { i, i }), csv.Skip(1).Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Should_merge_a_3_pod_indexed_job_that_read_its_shards_from_the_environment()
    {
        var model = Model();

        var single = CliRunner.Run(Args(model, Folder("single")));
        var pods = Enumerable.Range(0, 3).Select(pod => Pod(pod, 3, Args(model, Folder($"pod{pod}"), "--shard", "auto"))).ToList();
        var codes = pods.Select(p => Finish(p)).ToList();
        var merge = CliRunner.Run("cam", "merge", Folder("pod1"), Folder("pod2"), Folder("pod0"), "--out", Folder("merged"));

        Assert.True(single.ExitCode == 0, single.Errors);
        Assert.All(codes, c => Assert.True(c.Code == 0, c.Output));
        Assert.True(merge.ExitCode == 0, merge.Errors + merge.Output);
        Assert.Equal(["1/3", "2/3", "3/3"], Enumerable.Range(0, 3).Select(pod => ShardOf(Folder($"pod{pod}"))));
        AssertSameFiles(Folder("single"), Folder("merged"));
    }

    [Fact]
    public void Should_score_the_pointing_games_per_image_from_the_boxes()
    {
        var model = Model();

        var run = CliRunner.Run(Args(model, Folder("single")));

        Assert.True(run.ExitCode == 0, run.Errors);
        var csv = File.ReadAllLines(Path.Combine(Folder("single"), "images.csv"));
        var header = csv[0].Split(',');
        Assert.Equal(["index", "image", "method", "target", "class", "score", "warning", "sparseness", "sparseness_random", "pointing", "pointing_random", "energy-pointing", "energy-pointing_random"], header);
        var rows = csv.Skip(1).Select(l => l.Split(',')).ToList();
        // The boxes laid onto the model input as single-image mode lays them (resize 37, centre crop 32).
        using var loaded = ConvLens.Models.ModelCatalog.Load(model);
        var boxes = ConvLens.Visualize.Attribution.Metrics.GroundTruthBoxes.Load(Path.Combine(_images.Folder, "boxes.csv"));
        foreach (var (index, photo) in new[] { (1, "i0.png"), (2, "i1.png") })
        {
            var path = Path.Combine(_images.Folder, photo);
            var inside = boxes.Region(path, new ConvLens.Visualize.Attribution.Targets.TopClass(), ConvLens.Imaging.ImageDecoder.Load(path), loaded)!;
            Assert.InRange(inside.Count(b => b), 14 * 32, 18 * 32);
            foreach (var row in rows.Where(r => r[0] == index.ToString(CultureInfo.InvariantCulture)))
            {
                var (_, raw) = NpyReader.Read(Path.Combine(Folder("single"), $"{index:D6}.{row[2]}.top_class.npy"));
                var map = raw.Select(v => (v - raw.Min()) / (raw.Max() - raw.Min())).ToArray();
                var best = Array.IndexOf(map, map.Max());
                Assert.Equal(inside[best] ? 1.0 : 0.0, double.Parse(row[9], CultureInfo.InvariantCulture));
                var energy = map.Where((_, i) => inside[i]).Sum() / map.Sum();
                Assert.Equal(energy, double.Parse(row[11], CultureInfo.InvariantCulture), 4);
            }
        }

        // i3 (index 4) has no box: its rows have no pointing values, sparseness still.
        Assert.Equal(2, rows.Count(r => r[0] == "4"));
        Assert.All(rows.Where(r => r[0] == "4"), r => Assert.Equal(("", ""), (r[9], r[11])));
        Assert.All(rows.Where(r => r[0] == "4"), r => Assert.NotEqual("", r[7]));
    }

    public static TheoryData<string, string> BadMerges => new()
    {
        { "not-a-part", "is not a cam part: it has no cam-part.json" },
        { "other-arguments", "was run with other arguments than" },
        { "missing", "shard 2/3 missing: the merge needs all 3 shards" },
        { "twice", "shard 1/3 is given 2 times; give each shard once" },
        { "other-split", "the parts split the dataset differently" },
    };

    [Theory]
    [MemberData(nameof(BadMerges))]
    public void Should_fail_with_one_line_and_write_nothing_When_the_parts_are_not_one_run(string problem, string expected)
    {
        var model = Model();
        string Part(string shard, params string[] extra)
        {
            var folder = Folder("p" + shard.Replace('/', 'o') + string.Concat(extra));
            Assert.Equal(0, CliRunner.Run(Args(model, folder, ["--shard", shard, .. extra])).ExitCode);
            return folder;
        }

        string[] parts = problem switch
        {
            "not-a-part" => [Part("1/1"), _images.Folder],
            "other-arguments" => [Part("1/2"), Part("2/2", "--seed", "3")],
            "missing" => [Part("1/3"), Part("3/3")],
            "twice" => [Part("1/3"), Part("1/3"), Part("2/3"), Part("3/3")],
            _ => [Part("1/2"), Part("2/3")],
        };
        var merge = CliRunner.Run(["cam", "merge", .. parts, "--out", Folder("merged")]);

        Assert.Equal(1, merge.ExitCode);
        Assert.Contains(expected, merge.SingleErrorLine(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Folder("merged")));
    }

    [Fact]
    public void Should_fail_with_one_line_When_shard_auto_finds_no_scheduler()
    {
        var model = Model();

        var result = CliRunner.Run(Args(model, Folder("bad"), "--shard", "auto"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--shard: shard 'auto' found no scheduler", result.SingleErrorLine(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Folder("bad")));
    }

    private static void AssertSameFiles(string expected, string actual)
    {
        var names = Directory.GetFiles(expected).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, Directory.GetFiles(actual).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
        Assert.Contains(names, n => n.StartsWith("mean.grad-cam.top_class.class_", StringComparison.Ordinal) && n.EndsWith(".npy", StringComparison.Ordinal));
        Assert.Contains("000007.layer-cam.top_class.npy", names);
        foreach (var name in names)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(expected, name)).SequenceEqual(File.ReadAllBytes(Path.Combine(actual, name))), $"{name} differs");
        }
    }

    private static string ShardOf(string folder) =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "cam.json"))).RootElement.GetProperty("shard").GetString()!;

    // One pod of a Kubernetes Indexed Job: its own process, with the variables the Job controller sets.
    private static Process Pod(int index, int completions, string[] arguments)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ConvLens.Cli.exe" : "ConvLens.Cli");
        var start = new ProcessStartInfo(cli, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["NO_COLOR"] = "1";
        start.Environment["JOB_COMPLETION_INDEX"] = index.ToString(CultureInfo.InvariantCulture);
        start.Environment["CONVLENS_SHARDS"] = completions.ToString(CultureInfo.InvariantCulture);
        start.Environment.Remove("SLURM_ARRAY_TASK_ID");
        return Process.Start(start)!;
    }

    private static (int Code, string Output) Finish(Process pod)
    {
        using (pod)
        {
            var output = pod.StandardOutput.ReadToEndAsync();
            var errors = pod.StandardError.ReadToEnd();
            Assert.True(pod.WaitForExit(TimeSpan.FromMinutes(3)), "pod did not finish");
            return (pod.ExitCode, output.Result + errors);
        }
    }

    public void Dispose()
    {
        _images.Dispose();
        Directory.Delete(_out, recursive: true);
    }
}
