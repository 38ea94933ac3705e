namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Deletion AUC (RISE): the area under the score as the most salient pixels are removed first (lower is better).</summary>
/// <remarks>
/// <see cref="DeletionInsertion"/> with <see cref="Steps"/> steps and a zero substrate; the random baseline is a random
/// pixel order (the RISE protocol's, equal to ranking by a random map). Deletion and insertion share one evaluation.
/// </remarks>
public sealed class Deletion(int steps = 16) : AttributionMetric
{
    /// <summary>Steps from no pixel to all pixels.</summary>
    public int Steps { get; } = steps;

    /// <inheritdoc/>
    public override string Id => "deletion";

    /// <inheritdoc/>
    public override string DisplayName => "Deletion AUC";

    /// <inheritdoc/>
    public override string Description => "area under the score while the most salient pixels are set to 0 first (lower is better)";

    /// <inheritdoc/>
    public override bool HigherIsBetter => false;

    /// <inheritdoc/>
    public override MetricScore Evaluate(MetricInput input)
    {
        var r = Curves(input, Steps, new DeletionInsertionOptions().InsertionBlurSigma);
        return new MetricScore(Id, r.DeletionAuc, r.RandomDeletionAuc);
    }

    /// <summary>The deletion and insertion curves of the input, computed once for both metrics.</summary>
    internal static DeletionInsertionResult Curves(MetricInput input, int steps, float blurSigma)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Shared(FormattableString.Invariant($"deletion-insertion/{steps}/{blurSigma}"), () => DeletionInsertion.Evaluate(
            input.Model, input.Image, [input.Map], input.Target, new DeletionInsertionOptions { Steps = steps, InsertionBlurSigma = blurSigma, Seed = input.Seed, BatchSize = input.BatchSize })[0]);
    }
}
