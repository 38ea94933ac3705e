namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>One metric's value for one explanation, the same metric for a seeded random map, and the numbers behind it.</summary>
/// <param name="Metric">The metric id.</param>
/// <param name="Value">The value for the explanation.</param>
/// <param name="Random">The value for a seeded random map (the chance level to beat).</param>
/// <param name="Details">Intermediate numbers (e.g. ROAD's score at each percentile), by name.</param>
public sealed record MetricScore(string Metric, double Value, double Random, IReadOnlyDictionary<string, double> Details)
{
    /// <summary>A score without details.</summary>
    public MetricScore(string metric, double value, double random)
        : this(metric, value, random, new Dictionary<string, double>())
    {
    }
}
