using ConvLens.Visualize.Statistics;

namespace ConvLens.Visualize.Atlas;

/// <summary>One layer of the atlas: its geometry, its health counts and its chosen units.</summary>
public sealed record AtlasLayer
{
    /// <summary>Canonical layer name.</summary>
    public required string Layer { get; init; }

    /// <summary>Alias or canonical name, for display and file names.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Activation shape of one image ([C,H,W] or [C]).</summary>
    public required IReadOnlyList<long> Shape { get; init; }

    /// <summary>Receptive field in input pixels, when the model says it.</summary>
    public int? ReceptiveField { get; init; }

    /// <summary>Accumulated stride in input pixels, when the model says it.</summary>
    public int? Stride { get; init; }

    /// <summary>Dead, rare and saturated channels of the whole layer.</summary>
    public required FilterHealth Health { get; init; }

    /// <summary>Histogram range shared by the layer's units.</summary>
    public required HistogramSpec Histogram { get; init; }

    /// <summary>The chosen units, in channel order.</summary>
    public IReadOnlyList<AtlasUnit> Units { get; init; } = [];
}
