namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Average drop (Grad-CAM++): the relative score lost when the image is multiplied by the map, in % (lower is better).</summary>
/// <remarks>
/// <see cref="AverageDropIncrease"/> for one image: the value is max(0, Y − O) / Y · 100; the detail <c>increase</c> is 100
/// when O &gt; Y (averaged over images: the increase in confidence). The random baseline shuffles the map's pixels.
/// Meaningful for positive scores (probabilities).
/// </remarks>
public sealed class AverageDrop : AttributionMetric
{
    /// <inheritdoc/>
    public override string Id => "drop";

    /// <inheritdoc/>
    public override string DisplayName => "Average drop / increase in confidence";

    /// <inheritdoc/>
    public override string Description => "score lost (%) when the image is multiplied by the map; detail: increase in confidence (lower drop is better)";

    /// <inheritdoc/>
    public override bool HigherIsBetter => false;

    /// <inheritdoc/>
    public override MetricScore Evaluate(MetricInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var r = AverageDropIncrease.Evaluate(input.Model, input.Image, [input.Map], input.Target, input.Seed);
        return new MetricScore(Id, r.AverageDrop, r.RandomAverageDrop, new Dictionary<string, double>
        {
            ["increase"] = r.IncreaseInConfidence,
            ["randomIncrease"] = r.RandomIncreaseInConfidence,
        });
    }
}
