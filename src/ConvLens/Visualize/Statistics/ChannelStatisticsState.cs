namespace ConvLens.Visualize.Statistics;

/// <summary>The full mergeable state of a <see cref="ChannelStatistics"/>, for serialisation of shard parts.</summary>
internal sealed record ChannelStatisticsState
{
    public int Channels { get; init; }

    public required HistogramSpec Histogram { get; init; }

    public float ActiveThreshold { get; init; }

    public long StartImage { get; init; }

    public long EndImage { get; init; }

    public long Images { get; init; }

    public long Count { get; init; }

    public float[] Min { get; init; } = [];

    public float[] Max { get; init; } = [];

    public long[] Positive { get; init; } = [];

    public long[] FiringImages { get; init; } = [];

    public long[] HistogramCounts { get; init; } = [];

    public BlockState[] Blocks { get; init; } = [];

    public sealed record BlockState(int Level, long Index, long Count, double[] Mean, double[] M2);
}
