namespace ConvLens.Visualize.Attribution;

/// <summary>The maps of one method for a batch of images and a list of targets.</summary>
public sealed class AttributionResult
{
    /// <summary>Creates a result.</summary>
    public AttributionResult(string method, string? layer, int imageCount, int targetCount, IReadOnlyList<AttributionMap> maps)
    {
        Method = method;
        Layer = layer;
        ImageCount = imageCount;
        TargetCount = targetCount;
        Maps = maps;
    }

    /// <summary>The method id.</summary>
    public string Method { get; }

    /// <summary>The canonical layer used, or null for input-space methods.</summary>
    public string? Layer { get; }

    /// <summary>Number of images.</summary>
    public int ImageCount { get; }

    /// <summary>Number of targets.</summary>
    public int TargetCount { get; }

    /// <summary>All maps, image-major: <c>Maps[image * TargetCount + target]</c>.</summary>
    public IReadOnlyList<AttributionMap> Maps { get; }

    /// <summary>The map of one image and one target.</summary>
    public AttributionMap this[int image, int target] => Maps[(image * TargetCount) + target];

    /// <summary>Warnings of degenerate maps, one line each.</summary>
    public IReadOnlyList<string> Warnings =>
        [.. Maps.Where(m => m.Warning is not null).Select(m => $"image {m.ImageIndex}, {m.Target}: {m.Warning}")];
}
