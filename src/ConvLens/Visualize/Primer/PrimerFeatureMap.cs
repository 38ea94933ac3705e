namespace ConvLens.Visualize.Primer;

/// <summary>One kernel and the feature map it produced from the primer's image.</summary>
/// <param name="Kernel">The kernel.</param>
/// <param name="Map">The valid cross-correlation of the image with the kernel, indexed [row, column].</param>
public sealed record PrimerFeatureMap(PrimerKernel Kernel, float[,] Map);
