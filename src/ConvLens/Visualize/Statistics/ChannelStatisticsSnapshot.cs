namespace ConvLens.Visualize.Statistics;

/// <summary>A point-in-time copy of a <see cref="ChannelStatistics"/> as plain numbers.</summary>
public sealed record ChannelStatisticsSnapshot
{
    /// <summary>The quantile levels reported for every channel.</summary>
    public static IReadOnlyList<double> QuantileLevels { get; } = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

    /// <summary>Images that contributed.</summary>
    public long Images { get; init; }

    /// <summary>Global index of the first image covered.</summary>
    public long StartImage { get; init; }

    /// <summary>Global index one past the last image covered.</summary>
    public long EndImage { get; init; }

    /// <summary>Values per channel (images × spatial positions).</summary>
    public long CountPerChannel { get; init; }

    /// <summary>The histogram bins.</summary>
    public required HistogramSpec Histogram { get; init; }

    /// <summary>The firing threshold.</summary>
    public float ActiveThreshold { get; init; }

    /// <summary>One summary per channel, by channel index.</summary>
    public IReadOnlyList<ChannelSummary> Channels { get; init; } = [];

    /// <summary>The histogram of the whole layer: the per-channel histograms summed.</summary>
    public long[] LayerHistogram()
    {
        var sum = new long[Histogram.Bins];
        foreach (var c in Channels)
        {
            for (var b = 0; b < sum.Length; b++)
            {
                sum[b] += c.Histogram[b];
            }
        }

        return sum;
    }
}
