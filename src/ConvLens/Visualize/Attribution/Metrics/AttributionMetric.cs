namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>The defaults every metric shares: no region, no explainer; leaves give ids, names and <see cref="Evaluate"/>.</summary>
public abstract class AttributionMetric : IAttributionMetric
{
    /// <inheritdoc/>
    public abstract string Id { get; }

    /// <inheritdoc/>
    public abstract string DisplayName { get; }

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <inheritdoc/>
    public abstract bool HigherIsBetter { get; }

    /// <inheritdoc/>
    public virtual bool NeedsRegion => false;

    /// <inheritdoc/>
    public virtual bool NeedsExplainer => false;

    /// <inheritdoc/>
    public abstract MetricScore Evaluate(MetricInput input);
}
