namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>One cascading step: every layer from the top down to <paramref name="Layer"/> is random.</summary>
/// <param name="Index">1 for the top layer alone, 2 with the next one, and so on.</param>
/// <param name="Layer">The layer randomised at this step.</param>
/// <param name="Spearman">Mean over images of the rank correlation with the trained model's map (1 = same ranking).</param>
/// <param name="Ssim">Mean over images of the SSIM with the trained model's map (1 = same map).</param>
/// <param name="Maps">The map of every image after this step.</param>
public sealed record RandomizationStep(int Index, string Layer, double Spearman, double Ssim, IReadOnlyList<AttributionMap> Maps);
