namespace ConvLens.Visualize.Primer;

/// <summary>The course notes' worked example: a 6x6 image, a 3x3 kernel and the 4x4 feature map they give.</summary>
/// <param name="Image">The 6x6 image: bright left half, dark right half.</param>
/// <param name="Kernel">The 3x3 vertical-edge kernel.</param>
/// <param name="FeatureMap">The 4x4 valid cross-correlation: large where the edge is.</param>
public sealed record PrimerExample(float[,] Image, float[,] Kernel, float[,] FeatureMap);
