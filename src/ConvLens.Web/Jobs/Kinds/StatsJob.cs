using System.Globalization;
using ConvLens.Visualize.Statistics;
using ConvLens.Visualize.Statistics.Output;
using ConvLens.Web.Images;
using ConvLens.Web.Models;

namespace ConvLens.Web.Jobs.Kinds;

/// <summary>Per-channel activation statistics over a dataset through <see cref="DatasetStatistics"/>, with progress and ETA.</summary>
internal sealed class StatsJob : JobKind<StatsOptions>
{
    public override string Id => "stats";

    public override string Description => "Per-channel activation statistics over a dataset, with dead and rarely active filters.";

    public override JobInputs Inputs => JobInputs.Dataset;

    protected override void Check(StatsOptions options, ModelFacts model, ImageStore images)
    {
        if (options.Layers.Length == 0)
        {
            throw new ConvLensException("give at least one layer in 'layers'");
        }

        Array.ForEach(options.Layers, model.CheckLayer);
        Range("batch", options.Batch, 1, 1024);
        Range("bins", options.Bins, 1, 4096);
        Range("rare", options.Rare, 0, 100);
        _ = Settings(options); // parses the histogram range
    }

    protected override object Run(JobContext context, StatsOptions options)
    {
        var progress = new SyncProgress<DatasetProgress>(p => context.Report.Progress(JobProgress.Counted(
            p.ImagesDone, p.ImagesTotal, p.Elapsed,
            string.Create(CultureInfo.InvariantCulture, $"{p.ImagesDone}/{p.ImagesTotal} images, {p.ImagesPerSecond:F1} img/s, {p.Skipped} skipped"))));
        var result = DatasetStatistics.Run(context.Model, context.RequiredDataset, options.Layers, Settings(options), progress, context.Token);
        var files = context.Files;
        files.WriteText("stats.json", StatisticsJson.Serialize(result));
        var layers = result.Layers.Select(layer =>
        {
            var name = JobFolder.Safe(layer.DisplayName);
            return new
            {
                layer.Layer, layer.DisplayName, layer.Shape, summary = layer.Summary(), health = layer.Health,
                csv = files.WriteText($"{name}.csv", StatisticsCsv.Layer(layer)),
                histogram = files.Write($"{name}-histogram.png", StatisticsPlots.Histogram(layer)),
                fractionActive = files.Write($"{name}-fraction-active.png", StatisticsPlots.FractionActive(layer, options.Rare)),
            };
        }).ToList();
        return new
        {
            model = result.Model, dataset = context.DatasetName, result.ImagesProcessed, result.DatasetImages,
            skipped = result.Skipped.Select(f => new { file = Path.GetFileName(f.Path), f.Reason }), ignored = result.Ignored.Count, layers, json = "stats.json",
        };
    }

    private static DatasetStatisticsOptions Settings(StatsOptions options) => new()
    {
        BatchSize = options.Batch,
        Histogram = options.Range is { } range ? HistogramSpec.Parse(range, options.Bins) : null,
        Bins = options.Bins,
        DeadFilters = new DeadFilterOptions { RarePercent = options.Rare },
    };
}
