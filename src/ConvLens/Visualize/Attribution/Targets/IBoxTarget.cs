using ConvLens.Models;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>A target about predicted boxes: overlays draw the boxes it scores.</summary>
public interface IBoxTarget
{
    /// <summary>The boxes the target scores for image <paramref name="image"/> of <paramref name="run"/>, each x1, y1, x2, y2 in model input pixels.</summary>
    IReadOnlyList<float[]> SelectedBoxes(ModelRun run, int image);
}
