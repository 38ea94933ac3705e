using ConvLens.Imaging;
using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Statistics;
using ConvLens.Visualize.Statistics.Output;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Statistics;

public class DatasetStatisticsTests
{
    private static TempImages Dataset(int count, int size = 20)
    {
        var images = new TempImages();
        for (var i = 0; i < count; i++)
        {
            images.Write($"sub{i % 2}/img{i:D3}.png", size + (i % 3), size, i);
        }

        return images;
    }

    [Fact]
    public void Should_equal_a_naive_two_pass_computation_over_a_dataset()
    {
        using var images = Dataset(9);
        using var model = TinyModels.SmallConvNet();
        var source = DatasetSource.FromPath(images.Folder);

        var result = DatasetStatistics.Run(model, source, ["relu1", "conv2"], new DatasetStatisticsOptions { BatchSize = 4 });

        Assert.Equal(9, result.ImagesProcessed);
        foreach (var layer in result.Layers)
        {
            using var scope = NewDisposeScope();
            var per = source.Images.Select(path =>
            {
                var pixels = new float[3 * 16 * 16];
                ImageBatchLoader.LoadInto(path, model.Preprocessing, pixels);
                using var noGrad = no_grad();
                return model.Run(tensor(pixels, [1, 3, 16, 16]), [layer.Layer])[layer.Layer];
            }).ToArray();
            var all = cat(per, 0).to(ScalarType.Float64);
            var channels = all.shape[1];
            for (var c = 0; c < channels; c++)
            {
                var values = all[.., c].flatten().data<double>().ToArray();
                var mean = values.Average();
                var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
                var s = layer.Snapshot.Channels[c];
                Assert.Equal(mean, s.Mean, (Math.Abs(mean) * 1e-5) + 1e-7);
                Assert.Equal(std, s.Std, (std * 1e-5) + 1e-7);
                Assert.Equal(values.Max(), s.Max, (Math.Abs(values.Max()) * 1e-5) + 1e-7);
                Assert.Equal(values.Count(v => v > 0) / (double)values.Length, s.FractionPositive, 1e-5);
            }
        }
    }

    [Fact]
    public void Should_find_exactly_the_planted_dead_filters()
    {
        using var images = Dataset(6);
        using var model = PlantedModels.DeadChannels([1, 4]);

        var result = DatasetStatistics.Run(model, DatasetSource.FromPath(images.Folder), ["relu"], new DatasetStatisticsOptions { BatchSize = 4 });

        Assert.Equal([1, 4], result.Layers[0].Health.Dead);
        Assert.Empty(result.Layers[0].Health.Rare);
        Assert.Equal("relu: 2 dead of 6: 1, 4", result.Layers[0].Summary());
    }

    [Fact]
    public void Should_give_identical_json_and_csv_When_shards_are_merged()
    {
        using var images = Dataset(11);
        images.WriteBytes("sub0/broken.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        using var model = TinyModels.SmallConvNet();
        var source = DatasetSource.FromPath(images.Folder);
        var options = new DatasetStatisticsOptions { BatchSize = 2, RangeSampleImages = 4 };

        var single = DatasetStatistics.Run(model, source, ["relu1", "relu2"], options);
        var parts = Enumerable.Range(1, 3).Reverse().Select(i =>
            StatisticsJson.Deserialize(
                StatisticsJson.Serialize(DatasetStatistics.Run(model, source, ["relu1", "relu2"], options with { Shard = new Shard(i, 3) })),
                $"part{i}")).ToArray();
        var merged = DatasetStatisticsResult.Merge(parts);

        Assert.Equal(StatisticsJson.Serialize(single), StatisticsJson.Serialize(merged));
        Assert.Equal(StatisticsCsv.Layer(single.Layers[1]), StatisticsCsv.Layer(merged.Layers[1]));
        Assert.Single(merged.Skipped);
        Assert.True(parts.All(p => p.ImagesProcessed > 0));
        Assert.Equal(9, merged.Layers[1].Exemplars!.Of(0).Top.Count); // the lists are in the compared JSON
        Assert.NotEmpty(merged.ExemplarFiles);
    }

    [Fact]
    public void Should_give_the_same_result_When_the_range_pass_activations_are_reused()
    {
        // 10 images + 1 broken one inside the first pass: with batch 4 and a sample of 8 the first two batches are
        // kept from the range pass; with the range given, nothing is reused and every image runs once.
        using var images = Dataset(10);
        images.WriteBytes("sub0/broken.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        using var model = TinyModels.SmallConvNet();
        var source = DatasetSource.FromPath(images.Folder);
        var options = new DatasetStatisticsOptions { BatchSize = 4, RangeSampleImages = 8 };

        var reused = DatasetStatistics.Run(model, source, ["relu1", "conv2"], options);
        var computed = DatasetStatistics.Run(model, source, ["relu1", "conv2"], options with { Histogram = reused.Layers[0].Snapshot.Histogram });
        var reusedSecond = DatasetStatistics.Run(model, source, ["conv2"], options);
        var computedSecond = DatasetStatistics.Run(model, source, ["conv2"], options with { Histogram = reusedSecond.Layers[0].Snapshot.Histogram });

        Assert.Equal(10, reused.ImagesProcessed);
        Assert.Equal("broken.jpg", Path.GetFileName(Assert.Single(reused.Skipped).Path));
        Assert.Equal(StatisticsCsv.Layer(computed.Layers[0]), StatisticsCsv.Layer(reused.Layers[0]));
        Assert.Equal(StatisticsCsv.Layer(computedSecond.Layers[0]), StatisticsCsv.Layer(reusedSecond.Layers[0]));
        Assert.Equal(StatisticsJson.Serialize(computedSecond), StatisticsJson.Serialize(reusedSecond));
    }

    [Fact]
    public void Should_complete_and_report_When_folder_holds_a_corrupt_file_and_non_images()
    {
        using var images = Dataset(4);
        var good = File.ReadAllBytes(Directory.GetFiles(images.Folder, "*.png", SearchOption.AllDirectories)[0]);
        images.WriteBytes("truncated.png", good[..(good.Length / 2)]);
        images.WriteBytes("fake.jpg", "this is not a picture"u8.ToArray());
        images.WriteBytes("notes.txt", "hello"u8.ToArray());
        using var model = TinyModels.SmallConvNet();

        var result = DatasetStatistics.Run(model, DatasetSource.FromPath(images.Folder), ["relu1"], new DatasetStatisticsOptions { BatchSize = 3 });

        Assert.Equal(4, result.ImagesProcessed);
        Assert.Equal(["fake.jpg", "truncated.png"], result.Skipped.Select(s => Path.GetFileName(s.Path)).Order(StringComparer.Ordinal));
        Assert.Equal("notes.txt", Path.GetFileName(Assert.Single(result.Ignored).Path));
        Assert.All(result.Skipped, s => Assert.Contains("cannot read image", s.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_read_a_list_file_and_report_missing_entries()
    {
        using var images = Dataset(3);
        var files = Directory.GetFiles(images.Folder, "*.png", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(images.Folder, f));
        var list = images.WriteBytes("list.txt", System.Text.Encoding.UTF8.GetBytes("# images\n" + string.Join("\n", files) + "\nmissing.png\n"));
        using var model = TinyModels.SmallConvNet();

        var result = DatasetStatistics.Run(model, DatasetSource.FromPath(list), ["conv1"]);

        Assert.Equal(3, result.ImagesProcessed);
        Assert.Contains("not found", Assert.Single(result.Skipped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_stop_with_OperationCanceledException_When_cancelled()
    {
        using var images = Dataset(8);
        using var model = TinyModels.SmallConvNet();
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(_ => cts.Cancel());

        Assert.ThrowsAny<OperationCanceledException>(() =>
            DatasetStatistics.Run(model, DatasetSource.FromPath(images.Folder), ["relu1"], new DatasetStatisticsOptions { BatchSize = 2, Histogram = new HistogramSpec(0, 1, 4) }, progress, cts.Token));
    }

    private sealed class SyncProgress(Action<DatasetProgress> action) : IProgress<DatasetProgress>
    {
        public void Report(DatasetProgress value) => action(value);
    }
}
