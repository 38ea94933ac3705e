namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Sparseness: the Gini index of the map's values; 1 when one pixel holds all the evidence, 0 when all are equal.</summary>
/// <remarks>
/// Chalasani et al., "Concise Explanations of Neural Networks using Adversarial Training", ICML 2020,
/// https://arxiv.org/abs/1810.06583 (as in Quantus): with the n values sorted ascending a_1 ≤ … ≤ a_n,
/// G = Σ_i (2i − n − 1) a_i / (n Σ_i a_i). A zero map gives 0.
/// </remarks>
public sealed class Sparseness : MapMetric
{
    /// <inheritdoc/>
    public override string Id => "sparseness";

    /// <inheritdoc/>
    public override string DisplayName => "Sparseness (Gini)";

    /// <inheritdoc/>
    public override string Description => "Gini index of the map: 1 = all evidence on one pixel, 0 = spread evenly (higher is sparser)";

    /// <inheritdoc/>
    public override bool HigherIsBetter => true;

    /// <summary>The Gini index of <paramref name="values"/> (taken as magnitudes).</summary>
    public static double Gini(IReadOnlyList<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var a = values.Select(v => Math.Abs((double)v)).Order().ToArray();
        var total = a.Sum();
        if (a.Length == 0 || total <= 0)
        {
            return 0;
        }

        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += ((2.0 * (i + 1)) - a.Length - 1) * a[i];
        }

        return sum / (a.Length * total);
    }

    /// <inheritdoc/>
    protected override double Grade(float[] map, MetricInput input) => Gini(map);
}
