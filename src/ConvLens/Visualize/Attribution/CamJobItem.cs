using ConvLens.Imaging;
using ConvLens.Visualize.Attribution.Metrics;

namespace ConvLens.Visualize.Attribution;

/// <summary>One image × method × target of a <see cref="CamJob"/>, rendered.</summary>
/// <param name="Image">Index of the image.</param>
/// <param name="Method">Method id.</param>
/// <param name="Target">Target description.</param>
/// <param name="Map">The map at the model's input size.</param>
/// <param name="Overlay">The map over the original photo (through the preprocessing's resize and crop).</param>
/// <param name="Raw">The raw map at the model's input size (for a 16-bit PNG).</param>
/// <param name="Metrics">Deletion / insertion curves when requested, else null.</param>
/// <param name="Seconds">Time the method took for this image (all targets).</param>
/// <param name="OnPhoto">The map on the original photo, normalised to 0..1: the heat that <paramref name="Overlay"/> blends in.</param>
public sealed record CamJobItem(int Image, string Method, string Target, AttributionMap Map, RgbImage Overlay, Heatmap Raw, DeletionInsertionResult? Metrics, double Seconds, Heatmap OnPhoto)
{
    /// <summary>The scores of <see cref="CamJobOptions.MetricIds"/>, each with its random-map baseline.</summary>
    public IReadOnlyList<MetricScore> Scores { get; init; } = [];

    /// <summary>The canonical layer the method explained at (the default choice when none was given), or null for methods without one.</summary>
    public string? Layer { get; init; }

    /// <summary>Why requested metrics could not be computed here (e.g. no box for this image), one line each.</summary>
    public IReadOnlyList<string> MetricNotes { get; init; } = [];
}
