namespace ConvLens.Visualize.FeatureMaps;

/// <summary>The chosen channels of one layer's activation for one image.</summary>
public sealed record FeatureMapsResult
{
    /// <summary>Canonical layer name.</summary>
    public required string Layer { get; init; }

    /// <summary>Alias or canonical name for display.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Channels in the layer.</summary>
    public int ChannelCount { get; init; }

    /// <summary>Map height (1 for [N,C] outputs).</summary>
    public int Height { get; init; }

    /// <summary>Map width (1 for [N,C] outputs).</summary>
    public int Width { get; init; }

    /// <summary>Smallest value over all channels of the layer (not only the chosen ones).</summary>
    public float LayerMin { get; init; }

    /// <summary>Largest value over all channels of the layer.</summary>
    public float LayerMax { get; init; }

    /// <summary>The mean over all channels at each position, row-major (for an overlay on the image).</summary>
    public required float[] MeanMap { get; init; }

    /// <summary>The chosen channels, in selection order.</summary>
    public IReadOnlyList<ChannelMap> Channels { get; init; } = [];
}
