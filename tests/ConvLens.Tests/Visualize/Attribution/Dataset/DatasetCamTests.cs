using ConvLens.Tests.Fixtures;
using ConvLens.Tests.Support;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Dataset;
using ConvLens.Visualize.Attribution.Targets;
using ConvLens.Visualize.Statistics;

namespace ConvLens.Tests.Visualize.Attribution.Dataset;

public sealed class DatasetCamTests : IDisposable
{
    private readonly TempImages _images = new();

    [Fact]
    public void Should_explain_every_readable_image_report_the_corrupt_one_and_average_the_maps()
    {
        for (var i = 0; i < 5; i++)
        {
            _images.Write($"i{i}.png", 6, 6, i);
        }

        _images.WriteBytes("i2b.png", [0x89, 0x50, 0x4E, 0x47, 0, 0]);
        using var model = AttributionFixtures.HandWeighted();
        var maps = new Dictionary<DatasetCamRow, AttributionMap>(ReferenceEqualityComparer.Instance);
        var options = new DatasetCamOptions { Methods = ["grad-cam", "hires-cam"], Targets = [new RegressionOutput(0)], Layer = "relu", BatchSize = 2, MetricIds = ["sparseness"] };

        var result = DatasetCam.Run(model, DatasetSource.FromPath(_images.Folder), options, (row, map) => maps.Add(row, map));

        Assert.Equal(5, result.ImagesProcessed);
        Assert.Contains(result.Skipped, s => s.Path.EndsWith("i2b.png", StringComparison.Ordinal));
        Assert.Equal(10, result.Rows.Count);
        Assert.DoesNotContain(result.Rows, r => r.Image.EndsWith("i2b.png", StringComparison.Ordinal));
        var gradCam = result.MeanMaps.Single(m => m.Method == "grad-cam");
        var ownMaps = result.Rows.Where(r => r.Method == "grad-cam").Select(r => maps[r]).ToList();
        Assert.Equal(5, gradCam.Count);
        for (var p = 0; p < 4; p++)
        {
            Assert.Equal(ownMaps.Average(m => m.Values[p]), gradCam.Mean()[p], 5);
        }

        Assert.All(result.Rows, r => Assert.Equal(ConvLens.Visualize.Attribution.Metrics.Sparseness.Gini(maps[r].Values), r.Scores.Single().Value, 9));
    }

    [Fact]
    public void Should_merge_shards_into_the_whole_run()
    {
        for (var i = 0; i < 5; i++)
        {
            _images.Write($"i{i}.png", 6, 6, i);
        }

        using var model = AttributionFixtures.HandWeighted();
        var dataset = DatasetSource.FromPath(_images.Folder);
        var options = new DatasetCamOptions { Targets = [new RegressionOutput(0)], Layer = "relu", BatchSize = 2 };

        var whole = DatasetCam.Run(model, dataset, options);
        var merged = DatasetCamResult.Merge([DatasetCam.Run(model, dataset, options with { Shard = new Shard(2, 2) }), DatasetCam.Run(model, dataset, options with { Shard = new Shard(1, 2) })]);

        Assert.Equal(whole.Rows.Select(r => (r.Index, r.Score)), merged.Rows.Select(r => (r.Index, r.Score)));
        Assert.Equal(whole.MeanMaps.Single().Sum, merged.MeanMaps.Single().Sum);
        Assert.Equal(5, merged.ImagesProcessed);
    }

    public void Dispose() => _images.Dispose();
}
