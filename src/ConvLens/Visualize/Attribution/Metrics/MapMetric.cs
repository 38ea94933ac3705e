namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>A metric of the map's values alone (no forward pass): graded on the normalised map and on the random map.</summary>
public abstract class MapMetric : AttributionMetric
{
    /// <inheritdoc/>
    public override MetricScore Evaluate(MetricInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MetricScore(Id, Grade(input.Map.Values, input), Grade(input.RandomMap, input));
    }

    /// <summary>The metric of one non-negative H×W map (the explanation's <see cref="AttributionMap.Values"/> or the random map).</summary>
    protected abstract double Grade(float[] map, MetricInput input);
}
