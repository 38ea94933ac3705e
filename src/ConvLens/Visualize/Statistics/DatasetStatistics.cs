using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using ConvLens.Imaging;
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
        var shapes = ProbeShapes(model, canonical, device);
        var images = dataset.Images;
        var (start, end) = options.Shard.ImageRange(images.Count, options.BatchSize);

        var skipped = new List<SkippedFile>();
        var sample = Math.Min(images.Count, options.RangeSampleImages);
        using var kept = new KeptBatches();
        var reuse = options.Histogram is null && CanKeepRangePass(options, shapes, sample, start, end);
        var specs = options.Histogram is { } fixedRange
            ? canonical.ToDictionary(l => l, _ => fixedRange)
            : FindRanges(model, images, sample, canonical, options, device, reuse ? skipped : [], reuse ? kept : null, cancellationToken);

        var accumulators = canonical.ToDictionary(
            l => l,
            l => new ChannelStatistics((int)shapes[l][0], specs[l], start, options.ActiveThreshold));
        var clock = Stopwatch.StartNew();
        long processed = 0;
        void Accumulate(long[] indices, Func<string, Tensor> activations)
        {
            foreach (var layer in canonical)
            {
                accumulators[layer].UpdateAt(activations(layer), indices);
            }

            processed += indices.Length;
            progress?.Report(new DatasetProgress(processed + skipped.Count, end - start, skipped.Count, clock.Elapsed));
        }

        foreach (var (indices, activations) in kept.Batches)
        {
            Accumulate(indices, l => activations[l]);
        }

        kept.Dispose(); // counted: free them before the main pass (the using covers a failure above)

        ForEachBatch(model, images, reuse ? sample : start, end, canonical, options, device, skipped, (indices, run) => Accumulate(indices, l => run[l]), cancellationToken);

        var result = new List<LayerStatistics>();
        foreach (var layer in canonical)
        {
            accumulators[layer].SkipTo(end);
            var hints = WeightHints.FromModel(model, layer, (int)shapes[layer][0]);
            result.Add(new LayerStatistics(layer, model.DisplayName(layer), shapes[layer], accumulators[layer], hints, options.DeadFilters));
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
            Skipped = skipped,
            Ignored = dataset.Ignored,
            Layers = result,
        };
    }

    private static Dictionary<string, long[]> ProbeShapes(LoadedModel model, string[] layers, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var p = model.Preprocessing;
        var run = model.Run(zeros(1, 3, p.Height, p.Width, device: device), layers, needOutput: false);
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            var shape = run[layer].shape;
            if (shape.Length is not (2 or 4))
            {
                throw new ConvLensException($"layer '{model.DisplayName(layer)}' outputs [{string.Join(",", shape)}]; statistics need [N,C,H,W] or [N,C]");
            }

            shapes[layer] = shape[1..];
        }

        return shapes;
    }

    // The range pass runs the first images of the dataset; when this run starts there too, their activations can be
    // kept and counted instead of computed twice (3 % of a 1,000-image run). Only when the pass ends on a batch
    // boundary of this run, so that every later image sees the same batches as without the reuse (bit-identical
    // shards), and only when the activations are small enough to hold.
    private const long KeepBudgetBytes = 256L << 20;

    private static bool CanKeepRangePass(DatasetStatisticsOptions options, Dictionary<string, long[]> shapes, long sample, long start, long end)
    {
        var bytes = sample * shapes.Values.Sum(s => s.Aggregate(1L, (a, b) => a * b)) * sizeof(float);
        return start == 0 && sample > 0 && sample <= end && (sample % options.BatchSize == 0 || sample == end) && bytes <= KeepBudgetBytes;
    }

    private static Dictionary<string, HistogramSpec> FindRanges(
        LoadedModel model,
        IReadOnlyList<string> images,
        int sample,
        string[] layers,
        DatasetStatisticsOptions options,
        Device device,
        List<SkippedFile> skipped,
        KeptBatches? keep,
        CancellationToken ct)
    {
        var min = layers.ToDictionary(l => l, _ => float.PositiveInfinity);
        var max = layers.ToDictionary(l => l, _ => float.NegativeInfinity);
        ForEachBatch(model, images, 0, sample, layers, options, device, skipped, (indices, run) =>
        {
            foreach (var layer in layers)
            {
                var (lo, hi) = run[layer].aminmax();
                min[layer] = Math.Min(min[layer], lo.item<float>());
                max[layer] = Math.Max(max[layer], hi.item<float>());
            }

            keep?.Add(indices, layers.ToDictionary(l => l, l => run[l].alias().DetachFromDisposeScope(), StringComparer.Ordinal));
        }, ct);

        return layers.ToDictionary(l => l, l => RangeFrom(min[l], max[l], options.Bins));
    }

    // The sample rarely holds the dataset's extremes, so the range gets a 25 % head-room above the sample's
    // maximum (and below its minimum when negative); values outside still count as under/overflow.
    private static HistogramSpec RangeFrom(float min, float max, int bins)
    {
        if (!float.IsFinite(min) || !float.IsFinite(max))
        {
            return new HistogramSpec(0f, 1f, bins);
        }

        var span = Math.Max(max - min, 1e-6f);
        var lo = min >= 0 ? 0f : min - (0.25f * span);
        var hi = max + (0.25f * span);
        return new HistogramSpec(lo, hi, bins);
    }

    private static void ForEachBatch(
        LoadedModel model,
        IReadOnlyList<string> images,
        long start,
        long end,
        string[] layers,
        DatasetStatisticsOptions options,
        Device device,
        List<SkippedFile> skipped,
        Action<long[], ModelRun> onBatch,
        CancellationToken ct)
    {
        var p = model.Preprocessing;
        var plane = 3 * p.Height * p.Width;
        var queue = Channel.CreateBounded<DecodedBatch>(new BoundedChannelOptions(options.PrefetchBatches)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var buffers = new ConcurrentBag<float[]>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => Produce(images, start, end, options, p, plane, buffers, queue.Writer, stop.Token), stop.Token);
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (!queue.Reader.TryRead(out var batch))
                {
                    if (!queue.Reader.WaitToReadAsync(ct).AsTask().GetAwaiter().GetResult())
                    {
                        break;
                    }

                    continue;
                }

                skipped.AddRange(batch.Skipped);
                if (batch.Indices.Length > 0)
                {
                    using var scope = NewDisposeScope();
                    using var noGrad = no_grad();
                    var x = tensor(batch.Pixels, [batch.Indices.Length, 3, p.Height, p.Width]);
                    var run = model.Run(x.to(device), layers, needOutput: false);
                    onBatch(batch.Indices, run);
                }

                buffers.Add(batch.Pixels);
            }

            producer.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            try
            {
                producer.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // The producer's own failure or cancellation surfaces through the reader above; here it is only awaited.
            }
        }
    }

    private static async Task Produce(
        IReadOnlyList<string> images, long start, long end, DatasetStatisticsOptions options, Preprocessing p, int plane,
        ConcurrentBag<float[]> buffers, ChannelWriter<DecodedBatch> writer, CancellationToken ct)
    {
        try
        {
            for (var first = start; first < end; first += options.BatchSize)
            {
                ct.ThrowIfCancellationRequested();
                var count = (int)Math.Min(options.BatchSize, end - first);
                // Images decode straight into a pooled batch buffer (flat memory, no per-image arrays).
                if (!buffers.TryTake(out var packed) || packed.Length != count * plane)
                {
                    packed = new float[count * plane];
                }

                var reasons = new string?[count];
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = options.DecodeThreads, CancellationToken = ct }, i =>
                {
                    var path = images[(int)(first + i)];
                    try
                    {
                        ImageBatchLoader.LoadInto(path, p, packed.AsSpan(i * plane, plane));
                    }
                    catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                    {
                        // One bad file must never stop a dataset run: it is listed with its reason instead.
                        reasons[i] = e is ConvLensException ? e.Message : $"cannot read image '{path}': {e.Message}";
                    }
                });

                var indices = new List<long>(count);
                var skipped = new List<SkippedFile>();
                for (var i = 0; i < count; i++)
                {
                    if (reasons[i] is { } reason)
                    {
                        skipped.Add(new SkippedFile(images[(int)(first + i)], reason));
                        continue;
                    }

                    if (indices.Count != i)
                    {
                        // Close the gap a bad file left; slots only move down, so nothing is overwritten unread.
                        Array.Copy(packed, i * plane, packed, indices.Count * plane, plane);
                    }

                    indices.Add(first + i);
                }

                if (indices.Count != count)
                {
                    // A batch shortened by bad files gets an exact-size buffer; the pooled one goes back for reuse.
                    var exact = packed[..(indices.Count * plane)];
                    buffers.Add(packed);
                    packed = exact;
                }

                await writer.WriteAsync(new DecodedBatch([.. indices], packed, skipped), ct).ConfigureAwait(false);
            }

            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
        }
    }

    /// <summary>Activations of the range pass held for the main pass; disposing frees them.</summary>
    private sealed class KeptBatches : IDisposable
    {
        public List<(long[] Indices, Dictionary<string, Tensor> Activations)> Batches { get; } = [];

        public void Add(long[] indices, Dictionary<string, Tensor> activations) => Batches.Add((indices, activations));

        public void Dispose()
        {
            foreach (var t in Batches.SelectMany(b => b.Activations.Values))
            {
                t.Dispose();
            }

            Batches.Clear();
        }
    }

    private sealed record DecodedBatch(long[] Indices, float[] Pixels, List<SkippedFile> Skipped);
}
