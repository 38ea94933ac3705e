using ConvLens.Visualize.Attribution.Metrics;

namespace ConvLens.Visualize.Attribution.Dataset;

/// <summary>One image × method × target of a dataset run: its score and metrics (the map itself is handed to the caller and dropped).</summary>
/// <param name="Index">Global index of the image in the dataset.</param>
/// <param name="Image">The image path.</param>
/// <param name="Method">Method id.</param>
/// <param name="Target">Target description.</param>
/// <param name="Class">The class the map is averaged under (the target's class, or the top class for <c>auto</c>), or null.</param>
/// <param name="Score">The target's score on the image.</param>
/// <param name="Warning">Why the map is degenerate, or null.</param>
/// <param name="Scores">The requested metrics with their random baselines.</param>
public sealed record DatasetCamRow(long Index, string Image, string Method, string Target, long? Class, float Score, string? Warning, IReadOnlyList<MetricScore> Scores);
