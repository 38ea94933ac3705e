using ConvLens.Imaging;

namespace ConvLens.Visualize.Maximize;

/// <summary>The outcome of a <see cref="Maximizer"/> run: final images, objective history, frames and manifest.</summary>
public sealed class MaximizeResult
{
    /// <summary>Creates a result.</summary>
    public MaximizeResult(
        IReadOnlyList<RgbImage> images,
        IReadOnlyList<float> pixels,
        IReadOnlyList<double> objectiveByStep,
        IReadOnlyList<double> finalValues,
        IReadOnlyList<MaximizeFrame> frames,
        MaximizeManifest manifest,
        TimeSpan elapsed)
    {
        Images = images;
        Pixels = pixels;
        ObjectiveByStep = objectiveByStep;
        FinalValues = finalValues;
        Frames = frames;
        Manifest = manifest;
        Elapsed = elapsed;
    }

    /// <summary>The final images, one per batch entry.</summary>
    public IReadOnlyList<RgbImage> Images { get; }

    /// <summary>The final images as float32 RGB 0..1, flattened [N,3,H,W] (exact values, for comparisons).</summary>
    public IReadOnlyList<float> Pixels { get; }

    /// <summary>The objective (mean over the batch) at every step, measured on the transformed input.</summary>
    public IReadOnlyList<double> ObjectiveByStep { get; }

    /// <summary>The objective of each image at the last step.</summary>
    public IReadOnlyList<double> FinalValues { get; }

    /// <summary>Frames kept at the steps chosen by <see cref="MaximizeOptions.FrameEvery"/>.</summary>
    public IReadOnlyList<MaximizeFrame> Frames { get; }

    /// <summary>Every setting and seed, so the result can be reproduced.</summary>
    public MaximizeManifest Manifest { get; }

    /// <summary>Wall-clock time of the optimisation.</summary>
    public TimeSpan Elapsed { get; }
}
