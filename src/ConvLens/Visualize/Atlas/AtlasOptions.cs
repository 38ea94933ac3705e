namespace ConvLens.Visualize.Atlas;

/// <summary>Settings of <see cref="AtlasBuilder"/>.</summary>
public sealed record AtlasOptions
{
    /// <summary>Channels of each layer to describe, or null for all of them.</summary>
    public IReadOnlyList<int>? Units { get; init; }

    /// <summary>Exemplars shown per unit and direction (at most the count the statistics kept). Default 9.</summary>
    public int Top { get; init; } = 9;

    /// <summary>
    /// Optimisation steps of each unit's maximized image; 0 for no maximized images. Default 192: at stage3 of the
    /// built-in model the images match 256 steps' to the eye (the objective reaches about 90 % of it) at three quarters
    /// of the cost, which brings a 256-unit layer under a quarter of an hour on two cores.
    /// </summary>
    public int MaximizeSteps { get; init; } = 192;

    /// <summary>Side of the maximized images in pixels. Default 128.</summary>
    public int MaximizeSize { get; init; } = 128;

    /// <summary>
    /// The transformed batch is resized to this square before the model; 0 feeds it as is. Null (the default) resizes it
    /// back to <see cref="MaximizeSize"/> when the model accepts that size, else to the model's input size: a model
    /// that runs at 128 px costs a third of a run at 224 px, and at those sizes a unit's favourite pattern stays itself.
    /// </summary>
    public int? MaximizeUpsampleTo { get; init; }

    /// <summary>Units maximized together in one batch. Default 16.</summary>
    public int MaximizeBatch { get; init; } = 16;

    /// <summary>Whether the maximization applies the standard random transforms (pad, jitter, scale, rotate). Default true.</summary>
    public bool MaximizeTransforms { get; init; } = true;

    /// <summary>Seed of the maximized images.</summary>
    public long Seed { get; init; }

    /// <summary>Side of the exemplar crops in pixels (each crop is resized to it). Default 112.</summary>
    public int CropSize { get; init; } = 112;

    /// <summary>Longest side of the full exemplar images shown on click. Default 320.</summary>
    public int FullImageSize { get; init; } = 320;

    /// <summary>Images per forward pass when the exemplar images are run again for their activation maps. Default 16.</summary>
    public int BatchSize { get; init; } = 16;

    internal void Validate()
    {
        if (Top < 1 || MaximizeSteps < 0 || MaximizeSize < 8 || MaximizeBatch < 1 || CropSize < 8 || FullImageSize < 16 || BatchSize < 1 || MaximizeUpsampleTo is < 0 or (> 0 and < 8))
        {
            throw new ConvLensException($"atlas options out of range: top {Top} (>= 1), steps {MaximizeSteps} (>= 0), image size {MaximizeSize} and crop size {CropSize} (>= 8), batches {MaximizeBatch} and {BatchSize} (>= 1), upsample {MaximizeUpsampleTo} (none, 0 or >= 8)");
        }

        if (Units is { } units && (units.Count == 0 || units.Any(u => u < 0)))
        {
            throw new ConvLensException("units must be a non-empty list of channel indices >= 0");
        }
    }
}
