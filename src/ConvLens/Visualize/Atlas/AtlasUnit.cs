using ConvLens.Imaging;
using ConvLens.Visualize.Statistics;

namespace ConvLens.Visualize.Atlas;

/// <summary>Everything the atlas shows about one unit (channel) of a layer.</summary>
public sealed record AtlasUnit
{
    /// <summary>Channel index in the layer.</summary>
    public required int Channel { get; init; }

    /// <summary>The channel's activation statistics over the dataset (mean, fraction active, histogram, quantiles).</summary>
    public required ChannelSummary Statistics { get; init; }

    /// <summary>"dead", "rarely active", "saturated" or "healthy", from the dead-filter detector.</summary>
    public required string Verdict { get; init; }

    /// <summary>The synthesized image that excites the unit most, or null when maximization was off.</summary>
    public RgbImage? Maximized { get; init; }

    /// <summary>The dataset images that excite the unit most, strongest first.</summary>
    public IReadOnlyList<AtlasExemplar> Top { get; init; } = [];

    /// <summary>The dataset images that excite the unit least, weakest first.</summary>
    public IReadOnlyList<AtlasExemplar> Bottom { get; init; } = [];

    /// <summary>The unit's convolution kernel drawn as an image (RGB tile for a first layer, grey strip deeper), or null when the layer has no kernel.</summary>
    public RgbImage? Kernel { get; init; }
}
