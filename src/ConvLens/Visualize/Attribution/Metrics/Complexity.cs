namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Complexity: the entropy of the map taken as a distribution over pixels; 0 for one pixel, ln(H·W) for a flat map.</summary>
/// <remarks>
/// Bhatt, Weller and Moura, "Evaluating and Aggregating Feature-based Model Explanations", IJCAI 2020,
/// https://arxiv.org/abs/2005.00631 (as in Quantus): p_i = |a_i| / Σ_j |a_j|, complexity = −Σ_i p_i ln p_i (nats).
/// A zero map gives 0.
/// </remarks>
public sealed class Complexity : MapMetric
{
    /// <inheritdoc/>
    public override string Id => "complexity";

    /// <inheritdoc/>
    public override string DisplayName => "Complexity (entropy)";

    /// <inheritdoc/>
    public override string Description => "entropy of the map as a distribution over pixels, in nats (lower is simpler)";

    /// <inheritdoc/>
    public override bool HigherIsBetter => false;

    /// <summary>The entropy in nats of <paramref name="values"/> normalised to sum 1 (taken as magnitudes).</summary>
    public static double Entropy(IReadOnlyList<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var total = values.Sum(v => Math.Abs((double)v));
        if (total <= 0)
        {
            return 0;
        }

        double h = 0;
        foreach (var v in values)
        {
            var p = Math.Abs((double)v) / total;
            h -= p > 0 ? p * Math.Log(p) : 0;
        }

        return h;
    }

    /// <inheritdoc/>
    protected override double Grade(float[] map, MetricInput input) => Entropy(map);
}
