using System.Diagnostics;
using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Statistics;

/// <summary>
/// Streams a dataset through a model and accumulates per-channel activation statistics of chosen layers, with
/// flat memory: images are decoded on background threads into a bounded queue of batches while the model runs.
/// </summary>
public static class DatasetStatistics
{
    /// <summary>Measures <paramref name="layers"/> of <paramref name="model"/> over the images of <paramref name="dataset"/>.</summary>
    /// <param name="model">The network; images are brought to its <see cref="Preprocessing"/> input size.</param>
    /// <param name="dataset">The images, in a fixed order (shards and global indices refer to it).</param>
    /// <param name="layers">Layer names or aliases.</param>
    /// <param name="options">Batch size, shard, histogram range, thresholds; defaults when null.</param>
    /// <param name="progress">Receives a report after every batch.</param>
    /// <param name="cancellationToken">Stops the run between batches (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>Statistics per layer; unreadable images are skipped and listed, never fatal.</returns>
    /// <exception cref="ConvLensException">A layer is unknown or its output has no channel dimension.</exception>
    public static DatasetStatisticsResult Run(
        LoadedModel model,
        DatasetSource dataset,
        IReadOnlyList<string> layers,
        DatasetStatisticsOptions? options = null,
        IProgress<DatasetProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(layers);
        options ??= new DatasetStatisticsOptions();
        options.Validate();
        if (layers.Count == 0)
        {
            throw new ConvLensException("give at least one layer to measure");
        }

        var canonical = layers.Select(model.ResolveLayer).Distinct(StringComparer.Ordinal).ToArray();
        var device = options.Device ?? model.Device;
        var (shapes, layouts) = ProbeShapes(model, canonical, device, options.Layout);
        var images = dataset.Images;
        var (start, end) = options.Shard.ImageRange(images.Count, options.BatchSize);
        var forward = new ForwardPass(model, canonical, device, layouts);

        using var batches = new DatasetBatches(images, model.Preprocessing, (start, end), options, cancellationToken);
        using var rangePass = new RangePass(forward, options.Bins);
        var valuesPerImage = shapes.Values.Sum(s => s.Aggregate(1L, (a, b) => a * b));
        var specs = options.Histogram is { } fixedRange
            ? canonical.ToDictionary(l => l, _ => fixedRange)
            : rangePass.Measure(batches, Math.Min(images.Count, options.RangeSampleImages), valuesPerImage);

        var accumulators = canonical.ToDictionary(
            l => l,
            l => new ChannelStatistics((int)shapes[l][0], specs[l], start, options.ActiveThreshold));
        var exemplars = options.Exemplars == 0
            ? null
            : canonical.ToDictionary(l => l, l => new UnitExemplars((int)shapes[l][0], options.Exemplars));
        var clock = Stopwatch.StartNew();
        long processed = 0;
        void Accumulate(long[] indices, Func<string, Tensor> activations)
        {
            foreach (var layer in canonical)
            {
                using var host = HostActivations.Copy(activations(layer));
                accumulators[layer].UpdateAt(host, indices);
                exemplars?[layer].UpdateAt(host, indices);
            }

            processed += indices.Length;
            progress?.Report(new DatasetProgress(processed + batches.Skipped.Count, end - start, batches.Skipped.Count, clock.Elapsed));
        }

        foreach (var kept in rangePass.Kept)
        {
            Accumulate(kept.Indices, l => kept.Activations[l]);
        }

        rangePass.Dispose(); // counted: free them before the rest of the stream (the using covers a failure above)
        forward.Run(batches, int.MaxValue, (indices, run) => Accumulate(indices, l => run[l]));

        var result = new List<LayerStatistics>();
        foreach (var layer in canonical)
        {
            accumulators[layer].SkipTo(end);
            var hints = WeightHints.FromModel(model, layer, (int)shapes[layer][0]);
            result.Add(new LayerStatistics(layer, model.DisplayName(layer), shapes[layer], accumulators[layer], exemplars?[layer], hints, options.DeadFilters));
        }

        return new DatasetStatisticsResult
        {
            Model = model.Name,
            Dataset = dataset.Description,
            DatasetImages = images.Count,
            Shard = options.Shard,
            BatchSize = options.BatchSize,
            StartImage = start,
            EndImage = end,
            ImagesProcessed = processed,
            Skipped = [.. batches.Skipped],
            Ignored = dataset.Ignored,
            Layers = result,
            ExemplarFiles = DatasetStatisticsResult.FilesNamedBy(result, i => images[(int)i]),
        };
    }

    /// <summary>Each layer's [C,H,W] or [C] shape as measured (token layers on their grid) and its layout (null for [N,C]).</summary>
    private static (Dictionary<string, long[]> Shapes, Dictionary<string, TokenLayout?> Layouts) ProbeShapes(LoadedModel model, string[] layers, Device device, TokenLayout? layout)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var p = model.Preprocessing;
        var run = model.Run(zeros(1, 3, p.Height, p.Width, device: device), layers, needOutput: false);
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var layouts = new Dictionary<string, TokenLayout?>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            var shape = run[layer].shape;
            if (shape.Length is not (2 or 3 or 4))
            {
                throw new ConvLensException($"layer '{model.DisplayName(layer)}' outputs [{string.Join(",", shape)}]; statistics need [N,C,H,W], [N,C], [N,H,W,C] or tokens [N,K+H*W,C]");
            }

            layouts[layer] = shape.Length == 2 ? null : (layout ?? TokenLayout.Auto).Require(shape, p.Height, p.Width, model.DisplayName(layer));
            shapes[layer] = layouts[layer] is { } l ? [l.Channels(shape), l.Rows!.Value, l.Columns!.Value] : shape[1..];
        }

        return (shapes, layouts);
    }
}
