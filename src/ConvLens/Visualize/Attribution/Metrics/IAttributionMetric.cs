namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>A number that grades one explanation (one image × target), computed with the same number for a random map beside it.</summary>
/// <remarks>Implementations are small files on this contract with one line in <see cref="AttributionMetrics"/>; the CLI's <c>--metrics</c> choices come from there.</remarks>
public interface IAttributionMetric
{
    /// <summary>The stable kebab-case id (e.g. <c>road</c>).</summary>
    string Id { get; }

    /// <summary>The name in papers (e.g. "ROAD").</summary>
    string DisplayName { get; }

    /// <summary>One line on what the number means, for help texts and reports.</summary>
    string Description { get; }

    /// <summary>True when a larger value means a better explanation.</summary>
    bool HigherIsBetter { get; }

    /// <summary>True when the metric needs the object's region (<see cref="MetricInput.Region"/>): the pointing games.</summary>
    bool NeedsRegion { get; }

    /// <summary>True when the metric re-explains perturbed images (<see cref="MetricInput.Explain"/>): max-sensitivity.</summary>
    bool NeedsExplainer { get; }

    /// <summary>Grades the explanation of <see cref="MetricInput.Map"/> and of a seeded random map.</summary>
    /// <exception cref="ConvLensException">A region or explainer that the metric needs is missing, or sizes do not match.</exception>
    MetricScore Evaluate(MetricInput input);
}
