namespace ConvLens.Visualize.Statistics;

/// <summary>Thresholds of <see cref="DeadFilterDetector"/>.</summary>
public sealed record DeadFilterOptions
{
    /// <summary>A channel that fires on fewer than this percentage of images (but on some) is rarely active. Default 1 %.</summary>
    public double RarePercent { get; init; } = 1.0;

    /// <summary>A channel positive at at least this fraction of all positions is saturated / always on. Default 0.99.</summary>
    public double SaturatedFraction { get; init; } = 0.99;

    /// <summary>A kernel whose L2 norm is below this fraction of the layer's median kernel norm is near zero. Default 1e-3.</summary>
    public double NearZeroKernelRelative { get; init; } = 1e-3;

    /// <summary>A BatchNorm scale |γ| below this fraction of the layer's median |γ| is near zero. Default 1e-2.</summary>
    public double NearZeroGammaRelative { get; init; } = 1e-2;
}
