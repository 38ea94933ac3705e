using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Statistics;
using ConvLens.Visualize.Statistics.Output;

namespace ConvLens.Tests.Visualize.Statistics;

public class ShardEnvironmentTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData("0", null, "4", 1, 4)]
    [InlineData("3", 4, null, 4, 4)]
    [InlineData("2", 5, "5", 3, 5)]
    public void Should_read_a_Kubernetes_indexed_job(string index, int? given, string? variable, int expectedIndex, int expectedCount)
    {
        var env = variable is null
            ? Env((ShardEnvironment.KubernetesIndex, index))
            : Env((ShardEnvironment.KubernetesIndex, index), (ShardEnvironment.ShardCount, variable));

        Assert.Equal(new Shard(expectedIndex, expectedCount), ShardEnvironment.Resolve("auto", given, env));
    }

    [Theory]
    [InlineData("0", "4", null, 1)]
    [InlineData("3", "4", "0", 4)]
    [InlineData("1", "4", "1", 1)] // --array=1-4
    [InlineData("4", "4", "1", 4)]
    public void Should_read_a_Slurm_job_array(string id, string count, string? min, int expectedIndex)
    {
        var env = min is null
            ? Env((ShardEnvironment.SlurmTaskId, id), (ShardEnvironment.SlurmTaskCount, count))
            : Env((ShardEnvironment.SlurmTaskId, id), (ShardEnvironment.SlurmTaskCount, count), (ShardEnvironment.SlurmTaskMin, min));

        Assert.Equal(new Shard(expectedIndex, 4), ShardEnvironment.Resolve("auto", null, env));
    }

    [Fact]
    public void Should_keep_explicit_shards_and_the_whole_dataset()
    {
        var none = Env();

        Assert.Equal(new Shard(2, 3), ShardEnvironment.Resolve("2/3", null, none));
        Assert.Equal(new Shard(2, 3), ShardEnvironment.Resolve("2/3", 3, none));
        Assert.Equal(Shard.Whole, ShardEnvironment.Resolve(null, null, none));
    }

    public static TheoryData<string, int?, (string, string)[], string> Errors => new()
    {
        { "auto", null, [], "shard 'auto' found no scheduler: set JOB_COMPLETION_INDEX" },
        { "auto", null, [("JOB_COMPLETION_INDEX", "1")], "JOB_COMPLETION_INDEX=1 says which shard this is but not how many there are" },
        { "auto", 4, [("JOB_COMPLETION_INDEX", "4")], "JOB_COMPLETION_INDEX=4 is not below the shard count 4 (indices run 0..3)" },
        { "auto", 3, [("JOB_COMPLETION_INDEX", "1"), ("CONVLENS_SHARDS", "4")], "the shard count given (3) differs from CONVLENS_SHARDS=4" },
        { "auto", null, [("JOB_COMPLETION_INDEX", "-1"), ("CONVLENS_SHARDS", "4")], "JOB_COMPLETION_INDEX='-1' is not a whole number of at least 0" },
        { "auto", null, [("JOB_COMPLETION_INDEX", "0"), ("SLURM_ARRAY_TASK_ID", "0")], "both JOB_COMPLETION_INDEX (Kubernetes) and SLURM_ARRAY_TASK_ID (Slurm) are set" },
        { "auto", null, [("SLURM_ARRAY_TASK_ID", "2")], "SLURM_ARRAY_TASK_ID=2 is set but SLURM_ARRAY_TASK_COUNT is not" },
        { "auto", null, [("SLURM_ARRAY_TASK_ID", "4"), ("SLURM_ARRAY_TASK_COUNT", "4")], "SLURM_ARRAY_TASK_ID=4 is outside the array 0..3" },
        { "auto", null, [("SLURM_ARRAY_TASK_ID", "0"), ("SLURM_ARRAY_TASK_COUNT", "4"), ("SLURM_ARRAY_TASK_STEP", "2")], "SLURM_ARRAY_TASK_STEP=2: shards must be a contiguous array" },
        { "auto", 3, [("SLURM_ARRAY_TASK_ID", "0"), ("SLURM_ARRAY_TASK_COUNT", "4")], "the shard count given (3) differs from SLURM_ARRAY_TASK_COUNT=4" },
        { "2/4", 3, [], "shard 2/4 is out of 4 but the shard count given is 3" },
        { "auto", 0, [], "a shard count must be at least 1, got 0" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Should_say_what_is_missing_or_inconsistent(string text, int? count, (string, string)[] variables, string expected)
    {
        var error = Assert.Throws<ConvLensException>(() => ShardEnvironment.Resolve(text, count, Env(variables)));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_merge_a_4_shard_indexed_job_into_exactly_the_single_run()
    {
        using var images = new TempImages();
        for (var i = 0; i < 13; i++)
        {
            images.Write($"img{i:D3}.png", 18 + (i % 4), 18, i);
        }

        images.WriteBytes("img005b.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        using var model = TinyModels.SmallConvNet();
        var source = DatasetSource.FromPath(images.Folder);
        var options = new DatasetStatisticsOptions { BatchSize = 2, RangeSampleImages = 4, Exemplars = 3 };

        var single = StatisticsJson.Serialize(DatasetStatistics.Run(model, source, ["relu1", "relu2"], options));
        var parts = Enumerable.Range(0, 4).Select(pod =>
        {
            var shard = ShardEnvironment.Resolve("auto", null, Env((ShardEnvironment.KubernetesIndex, $"{pod}"), (ShardEnvironment.ShardCount, "4")));
            var json = StatisticsJson.Serialize(DatasetStatistics.Run(model, source, ["relu1", "relu2"], options with { Shard = shard }));
            return StatisticsJson.Deserialize(json, $"pod{pod}");
        }).Reverse().ToArray();
        var merged = StatisticsJson.Serialize(DatasetStatisticsResult.Merge(parts));

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(single), System.Text.Encoding.UTF8.GetBytes(merged));
        Assert.Equal([1, 2, 3, 4], parts.Select(p => p.Shard.Index).Order());
        Assert.All(parts, p => Assert.True(p.ImagesProcessed > 0));
        Assert.Contains("img005b.jpg", merged, StringComparison.Ordinal);
    }
}
