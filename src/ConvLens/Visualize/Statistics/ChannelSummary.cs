namespace ConvLens.Visualize.Statistics;

/// <summary>The statistics of one channel over all images seen.</summary>
public sealed record ChannelSummary
{
    /// <summary>Channel index in the layer.</summary>
    public int Channel { get; init; }

    /// <summary>Mean activation over all positions of all images.</summary>
    public double Mean { get; init; }

    /// <summary>Population standard deviation over all positions of all images.</summary>
    public double Std { get; init; }

    /// <summary>Smallest activation seen.</summary>
    public float Min { get; init; }

    /// <summary>Largest activation seen.</summary>
    public float Max { get; init; }

    /// <summary>Positions whose value exceeded the firing threshold.</summary>
    public long PositiveCount { get; init; }

    /// <summary>Images in which the channel exceeded the threshold at some position.</summary>
    public long FiringImages { get; init; }

    /// <summary>Fraction of positions above the threshold (0..1).</summary>
    public double FractionPositive { get; init; }

    /// <summary>Fraction of images in which the channel fired anywhere (0..1).</summary>
    public double FractionImagesActive { get; init; }

    /// <summary>Counts per histogram bin (see <see cref="ChannelStatisticsSnapshot.Histogram"/>).</summary>
    public IReadOnlyList<long> Histogram { get; init; } = [];

    /// <summary>Values below the histogram range.</summary>
    public long Underflow { get; init; }

    /// <summary>Values above the histogram range.</summary>
    public long Overflow { get; init; }

    /// <summary>Quantiles at <see cref="ChannelStatisticsSnapshot.QuantileLevels"/>, interpolated from the histogram.</summary>
    public IReadOnlyList<double> Quantiles { get; init; } = [];
}
