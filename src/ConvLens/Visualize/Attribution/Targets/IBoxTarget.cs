using ConvLens.Models;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>A target about predicted boxes: overlays draw the boxes it scores.</summary>
public interface IBoxTarget
{
    /// <summary>
    /// The boxes to outline for image <paramref name="image"/> of <paramref name="run"/>: those the target scores, one per
    /// object (duplicates of a detection suppressed), each x1, y1, x2, y2 in model input pixels.
    /// </summary>
    IReadOnlyList<float[]> SelectedBoxes(ModelRun run, int image);
}
