using ConvLens.Visualize.Statistics;

namespace ConvLens.Visualize.Atlas;

/// <summary>The typed content of an atlas: what every chosen unit of every chosen layer does, ready for a writer.</summary>
public sealed record AtlasContent
{
    /// <summary>The model's name.</summary>
    public required string Model { get; init; }

    /// <summary>The dataset as given.</summary>
    public required string Dataset { get; init; }

    /// <summary>Images measured.</summary>
    public long ImagesProcessed { get; init; }

    /// <summary>Model input height and width, in pixels.</summary>
    public (int Height, int Width) Input { get; init; }

    /// <summary>The layers, in request order.</summary>
    public IReadOnlyList<AtlasLayer> Layers { get; init; } = [];

    /// <summary>The dataset images the exemplars name, by global index.</summary>
    public IReadOnlyDictionary<long, AtlasSourceImage> Images { get; init; } = new SortedDictionary<long, AtlasSourceImage>();

    /// <summary>Dataset images that could not be read (by the statistics pass or when cropped), with reasons.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; init; } = [];

    /// <summary>The maximization settings, as one line (for the manifest and cache keys).</summary>
    public string Maximization { get; init; } = string.Empty;
}
