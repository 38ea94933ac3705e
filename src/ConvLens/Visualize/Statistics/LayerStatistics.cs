namespace ConvLens.Visualize.Statistics;

/// <summary>The statistics of one layer over a dataset, with the dead-filter verdicts.</summary>
public sealed class LayerStatistics
{
    internal LayerStatistics(string layer, string displayName, IReadOnlyList<long> shape, ChannelStatistics accumulator, UnitExemplars? exemplars, WeightHints? weights, DeadFilterOptions options)
    {
        Exemplars = exemplars;
        Layer = layer;
        DisplayName = displayName;
        Shape = shape;
        Accumulator = accumulator;
        Weights = weights;
        Snapshot = accumulator.Snapshot();
        Health = DeadFilterDetector.Detect(Snapshot, options, weights);
    }

    /// <summary>Canonical layer name.</summary>
    public string Layer { get; }

    /// <summary>Alias or canonical name for display.</summary>
    public string DisplayName { get; }

    /// <summary>Activation shape of one image ([C,H,W] or [C]).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The per-channel statistics.</summary>
    public ChannelStatisticsSnapshot Snapshot { get; }

    /// <summary>The dataset images that excite each channel most and least, when they were searched for.</summary>
    public UnitExemplars? Exemplars { get; }

    /// <summary>Weight-based hints, when the model exposes them.</summary>
    public WeightHints? Weights { get; }

    /// <summary>Dead, rare and saturated channels.</summary>
    public FilterHealth Health { get; }

    internal ChannelStatistics Accumulator { get; }

    /// <summary>One line such as "layer4: 3 dead of 512: 17, 201, 388".</summary>
    public string Summary() => $"{DisplayName}: {Health.DeadSummary()}";
}
