using System.Diagnostics;
using ConvLens.Models;
using ConvLens.Visualize.Attribution.Metrics;
using ConvLens.Visualize.Attribution.Targets;
using ConvLens.Visualize.Statistics;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Dataset;

/// <summary>
/// Explains every image of a dataset with several methods and targets, streamed in batches with flat memory (the
/// statistics pass's decoder and queue): per-image scores and metrics, and per-class sums of the maps.
/// </summary>
/// <remarks>
/// Maps are handed to <c>onMap</c> as they are made and then dropped, so memory does not grow with the dataset. A map
/// is averaged under the class its target names (the top class for <see cref="TopClass"/>, as the method's own run found
/// it or else by one extra forward pass without gradients), or under no class. Unreadable images are skipped and listed, never fatal. With boxes, a metric that
/// needs a region and finds none for an image leaves that image's row without it.
/// </remarks>
public static class DatasetCam
{
    /// <summary>Runs the methods of <paramref name="options"/> over <paramref name="dataset"/>.</summary>
    /// <exception cref="ConvLensException">An unknown method, metric or layer.</exception>
    public static DatasetCamResult Run(
        LoadedModel model,
        DatasetSource dataset,
        DatasetCamOptions options,
        Action<DatasetCamRow, AttributionMap>? onMap = null,
        IProgress<DatasetProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        var methods = options.Methods.Select(id => CamJob.Configure(AttributionMethods.Create(id), options.MaskUpsample)).ToList();
        var metrics = options.MetricIds.Select(AttributionMetrics.Create).Where(m => options.Boxes is not null || !m.NeedsRegion).ToList();
        if (options.Layer is not null)
        {
            model.ResolveLayer(options.Layer);
        }

        var targets = options.Targets.Select(t => t.Resolve(model)).ToArray();
        var images = dataset.Images;
        var (start, end) = options.Shard.ImageRange(images.Count, options.BatchSize);
        var streamOptions = new DatasetStatisticsOptions { BatchSize = options.BatchSize, DecodeThreads = options.DecodeThreads, PrefetchBatches = options.PrefetchBatches };
        using var batches = new DatasetBatches(images, model.Preprocessing, (start, end), streamOptions, cancellationToken);
        var rows = new List<DatasetCamRow>();
        var sums = new Dictionary<(string, string, long?), ClassMeanMap>();
        var clock = Stopwatch.StartNew();
        long processed = 0;
        while (batches.Next() is { } batch)
        {
            using (batch)
            {
                if (batch.Indices.Length > 0)
                {
                    using var scope = NewDisposeScope();
                    var x = batch.ToTensor().to(model.Device);
                    // The top classes come with the maps of methods that know them; one forward finds them for the rest.
                    var top = new Lazy<long[]>(() => TopClass.Of(model, x));
                    foreach (var method in methods)
                    {
                        var request = new AttributionRequest { Layer = options.Layer, Targets = targets, BatchSize = options.BatchSize, Seed = options.Seed, CancellationToken = cancellationToken };
                        var result = method.Explain(model, x, request);
                        for (var i = 0; i < batch.Indices.Length; i++)
                        {
                            for (var t = 0; t < targets.Length; t++)
                            {
                                var map = result[i, t];
                                var index = batch.Indices[i];
                                var cls = ClassOf(targets[t]) ?? map.Class ?? (targets[t] is TopClass ? top.Value[i] : null);
                                var pinned = Pinned(targets[t], cls);
                                var region = options.Boxes?.Region(images[(int)index], pinned, model);
                                var scores = metrics.Count == 0 ? [] : Grade(model, x, i, map, method, request, pinned, region, metrics, options.Seed + index);
                                var row = new DatasetCamRow(index, images[(int)index], method.Id, map.Target, cls, map.Score, map.Warning, scores);
                                rows.Add(row);
                                var key = (method.Id, map.Target, cls);
                                if (!sums.TryGetValue(key, out var sum))
                                {
                                    sums[key] = sum = new ClassMeanMap(method.Id, map.Target, cls, map.Height, map.Width);
                                }

                                sum.Add(map.Values);
                                onMap?.Invoke(row, map);
                            }
                        }
                    }
                }

                processed += batch.Indices.Length;
                progress?.Report(new DatasetProgress(processed + batches.Skipped.Count, end - start, batches.Skipped.Count, clock.Elapsed));
            }
        }

        return new DatasetCamResult
        {
            Model = model.Name,
            Dataset = dataset.Description,
            DatasetImages = images.Count,
            Shard = options.Shard,
            ImagesProcessed = processed,
            Skipped = [.. batches.Skipped],
            Ignored = dataset.Ignored,
            Rows = DatasetCamResult.InDatasetOrder(rows),
            MeanMaps = DatasetCamResult.InKeyOrder(sums.Values),
        };
    }

    private static long? ClassOf(ITarget target) => target switch
    {
        ClassLogit { Classes.Count: 1 } c => c.Classes[0],
        ClassProbability p => p.ClassIndex,
        _ => null,
    };

    // Under `auto` the class is the image's top class: a box of that class applies, and metrics score perturbed copies
    // on that class, not on each copy's own top class.
    private static ITarget Pinned(ITarget target, long? cls) => target is TopClass && cls is { } k ? new ClassLogit(k) : target;


    private static IReadOnlyList<MetricScore> Grade(LoadedModel model, Tensor x, int i, AttributionMap map, IAttributionMethod method, AttributionRequest request, ITarget target, bool[]? region, IReadOnlyList<IAttributionMetric> metrics, long seed)
    {
        var single = request with { Targets = [target] };
        var input = new MetricInput
        {
            Model = model,
            Image = x[i].unsqueeze(0),
            Map = map,
            Target = target,
            Region = region,
            Explain = images => [.. method.Explain(model, images, single).Maps.Select(m => m.Values)],
            Seed = seed,
        };
        return MetricsOnImage.Evaluate(metrics, input).Scores;
    }
}
