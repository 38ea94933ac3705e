using static TorchSharp.torch;

namespace ConvLens.Visualize.Statistics;

/// <summary>
/// The first pass: each layer's histogram range from the activations of the dataset's first images, optionally
/// holding those activations so the main pass counts them instead of running the images again.
/// </summary>
internal sealed class RangePass(ForwardPass forward, int bins) : IDisposable
{
    // Holding the sample's activations saves running it twice (3 % of a 1,000-image run), but only up to this size.
    private const long KeepBudgetBytes = 256L << 20;

    private readonly List<KeptBatch> _kept = [];

    /// <summary>Activations of the batches read with keep, in stream order; valid until disposed.</summary>
    public IReadOnlyList<KeptBatch> Kept => _kept;

    /// <summary>Finds each layer's range from the dataset's first <paramref name="sample"/> images.</summary>
    /// <param name="run">The run's stream; it serves the pass itself when it can (see <see cref="CanShare"/>).</param>
    /// <param name="sample">Images of the pass: the first ones of the whole dataset, so every shard finds the same ranges.</param>
    /// <param name="valuesPerImage">Activation values per image over all layers (what keeping them costs).</param>
    public Dictionary<string, HistogramSpec> Measure(DatasetBatches run, long sample, long valuesPerImage)
    {
        var sampleBatches = (int)((sample + run.BatchSize - 1) / run.BatchSize);
        if (CanShare(run, sample, valuesPerImage))
        {
            return Read(run, sampleBatches, keep: true);
        }

        using var own = run.Reopen((0, sample));
        return Read(own, sampleBatches, keep: false);
    }

    // The run's own stream serves the pass (and its activations are kept) only when the run starts at image 0 and
    // the sample ends on one of its batch boundaries, so that every later image sees the same batches as without
    // the reuse (bit-identical shards), and only when the activations are small enough to hold.
    private static bool CanShare(DatasetBatches run, long sample, long valuesPerImage)
    {
        var (start, end) = run.Range;
        var bytes = sample * valuesPerImage * sizeof(float);
        return start == 0 && sample > 0 && sample <= end && (sample % run.BatchSize == 0 || sample == end) && bytes <= KeepBudgetBytes;
    }

    /// <summary>Reads the first <paramref name="batchCount"/> batches of <paramref name="batches"/> and returns each layer's range.</summary>
    private Dictionary<string, HistogramSpec> Read(DatasetBatches batches, int batchCount, bool keep)
    {
        var layers = forward.Layers;
        var min = layers.ToDictionary(l => l, _ => float.PositiveInfinity);
        var max = layers.ToDictionary(l => l, _ => float.NegativeInfinity);
        forward.Run(batches, batchCount, (indices, run) =>
        {
            foreach (var layer in layers)
            {
                var (lo, hi) = run[layer].aminmax();
                min[layer] = Math.Min(min[layer], lo.item<float>());
                max[layer] = Math.Max(max[layer], hi.item<float>());
            }

            if (keep)
            {
                _kept.Add(new KeptBatch(indices, layers.ToDictionary(l => l, l => run[l].alias().DetachFromDisposeScope(), StringComparer.Ordinal)));
            }
        });

        return layers.ToDictionary(l => l, l => RangeFrom(min[l], max[l], bins));
    }

    /// <summary>Frees the kept activations.</summary>
    public void Dispose()
    {
        foreach (var t in _kept.SelectMany(b => b.Activations.Values))
        {
            t.Dispose();
        }

        _kept.Clear();
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

    /// <summary>One batch of the pass held for the main pass: its image indices and each layer's activations.</summary>
    internal sealed record KeptBatch(long[] Indices, IReadOnlyDictionary<string, Tensor> Activations);
}
