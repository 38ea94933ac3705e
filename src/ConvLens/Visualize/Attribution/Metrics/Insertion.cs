namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Insertion AUC (RISE): the area under the score as the most salient pixels are put back first into a blurred copy (higher is better).</summary>
/// <remarks>Shares its evaluation with <see cref="Deletion"/>; the random baseline is a random pixel order.</remarks>
public sealed class Insertion(int steps = 16, float blurSigma = 5f) : AttributionMetric
{
    /// <summary>Steps from no pixel to all pixels.</summary>
    public int Steps { get; } = steps;

    /// <summary>Standard deviation in pixels of the blur insertion starts from.</summary>
    public float BlurSigma { get; } = blurSigma;

    /// <inheritdoc/>
    public override string Id => "insertion";

    /// <inheritdoc/>
    public override string DisplayName => "Insertion AUC";

    /// <inheritdoc/>
    public override string Description => "area under the score while the most salient pixels are inserted into a blurred copy first (higher is better)";

    /// <inheritdoc/>
    public override bool HigherIsBetter => true;

    /// <inheritdoc/>
    public override MetricScore Evaluate(MetricInput input)
    {
        var r = Deletion.Curves(input, Steps, BlurSigma);
        return new MetricScore(Id, r.InsertionAuc, r.RandomInsertionAuc);
    }
}
