namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>The outcome of <see cref="ModelRandomization.Run"/>: the trained model's maps and one step per randomised layer.</summary>
/// <param name="Method">The method id.</param>
/// <param name="Target">The explained target's description.</param>
/// <param name="Original">The trained model's map of every image.</param>
/// <param name="Steps">Cascading steps, top layer first.</param>
/// <param name="WeightLayers">Weight layers the model has (steps may stop earlier).</param>
public sealed record ModelRandomizationResult(string Method, string Target, IReadOnlyList<AttributionMap> Original, IReadOnlyList<RandomizationStep> Steps, int WeightLayers);
