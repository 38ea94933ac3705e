namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Where an object of one class is in one photo: a box or a mask image.</summary>
/// <param name="Image">The photo: a path, a file name, or a file name without extension.</param>
/// <param name="Class">A class index, a class label, a target description, or <c>*</c> (empty) for every target.</param>
/// <param name="X1">Left edge, photo pixels, inclusive (0 for a mask).</param>
/// <param name="Y1">Top edge, inclusive.</param>
/// <param name="X2">Right edge, exclusive.</param>
/// <param name="Y2">Bottom edge, exclusive.</param>
/// <param name="Mask">A mask image (white = inside) instead of a box, or null.</param>
public sealed record GroundTruthBox(string Image, string Class, int X1, int Y1, int X2, int Y2, string? Mask);
