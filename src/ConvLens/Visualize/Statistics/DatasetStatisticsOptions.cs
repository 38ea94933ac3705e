using static TorchSharp.torch;

namespace ConvLens.Visualize.Statistics;

/// <summary>Settings of <see cref="DatasetStatistics.Run"/>.</summary>
public sealed record DatasetStatisticsOptions
{
    /// <summary>Images per forward pass. Default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>The slice of the dataset to process. Default: all of it.</summary>
    public Shard Shard { get; init; } = Shard.Whole;

    /// <summary>A fixed histogram range for every layer, or null to find each layer's range from a first pass over a sample.</summary>
    public HistogramSpec? Histogram { get; init; }

    /// <summary>Histogram bins when the range is found by the first pass. Default 64.</summary>
    public int Bins { get; init; } = 64;

    /// <summary>Images of the first pass (the first ones of the whole dataset, so every shard gets the same range). Default 32.</summary>
    public int RangeSampleImages { get; init; } = 32;

    /// <summary>A position fires when its activation is strictly above this. Default 0.</summary>
    public float ActiveThreshold { get; init; }

    /// <summary>Dataset images kept per channel as exemplars, the most and the least exciting each (0: none). Default 9.</summary>
    public int Exemplars { get; init; } = 9;

    /// <summary>Dead-filter thresholds.</summary>
    public DeadFilterOptions DeadFilters { get; init; } = new();

    /// <summary>How token layers ([N,1+H*W,C], [N,H,W,C]) lie on a grid; null infers it from each layer's shape and the input size.</summary>
    public ConvLens.Models.TokenLayout? Layout { get; init; }

    /// <summary>Device for the forward pass, or null for the model's.</summary>
    public Device? Device { get; init; }

    /// <summary>Threads that decode images while the model runs. Default: half the cores, at least 1.</summary>
    public int DecodeThreads { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Decoded batches kept ready ahead of the forward pass (bounds memory). Default 2.</summary>
    public int PrefetchBatches { get; init; } = 2;

    internal void Validate()
    {
        if (BatchSize < 1 || Bins < 1 || RangeSampleImages < 1 || DecodeThreads < 1 || PrefetchBatches < 1)
        {
            throw new ConvLensException($"batch size, bins, range sample, decode threads and prefetch must all be at least 1 (batch {BatchSize}, bins {Bins})");
        }

        if (Exemplars is < 0 or > 10_000)
        {
            throw new ConvLensException($"exemplars per channel must be 0..10000, got {Exemplars}");
        }

        Histogram?.Validate();
    }
}
