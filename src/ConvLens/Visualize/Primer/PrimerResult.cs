namespace ConvLens.Visualize.Primer;

/// <summary>Everything the primer computes: the worked example, the feature maps of a digit-like image, and a dream.</summary>
/// <param name="Example">The 6x6 / 3x3 / 4x4 worked example.</param>
/// <param name="Image">The procedurally drawn 28x28 digit-like image, values in 0..1.</param>
/// <param name="FeatureMaps">One feature map per kernel of <see cref="PrimerKernels.All"/>, in that order.</param>
/// <param name="DreamKernel">The kernel whose preferred pattern was dreamed.</param>
/// <param name="Dream">The gradient-ascent result for <paramref name="DreamKernel"/>.</param>
public sealed record PrimerResult(
    PrimerExample Example,
    float[,] Image,
    IReadOnlyList<PrimerFeatureMap> FeatureMaps,
    PrimerKernel DreamKernel,
    FilterDreamResult Dream);
