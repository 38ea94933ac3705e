using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Gradients;

/// <summary>
/// Integrated Gradients: (x - baseline) times the average gradient along the straight path from the baseline;
/// the raw map (summed over colour channels, signed) adds up to f(x) - f(baseline).
/// </summary>
/// <remarks>
/// Sundararajan, Taly and Yan, "Axiomatic Attribution for Deep Networks", ICML 2017,
/// https://arxiv.org/abs/1703.01365, eq. 1 and its Riemann approximation (section 5), here with midpoints
/// alpha = (k + 0.5) / steps. Path points of all images go through the network in batches. The baseline is a
/// constant grey level in RGB 0..1 (0 = black, the paper's choice for images).
/// </remarks>
public sealed class IntegratedGradients : GradientMethod
{
    /// <summary>Creates the method.</summary>
    /// <param name="steps">Points on the path (more is more exact; completeness error falls roughly as 1/steps²).</param>
    /// <param name="baseline">The baseline's pixel value in 0..1.</param>
    /// <exception cref="ArgumentOutOfRangeException">Steps below 1.</exception>
    public IntegratedGradients(int steps = 64, float baseline = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        Steps = steps;
        Baseline = baseline;
    }

    /// <summary>Points on the path.</summary>
    public int Steps { get; }

    /// <summary>The baseline pixel value.</summary>
    public float Baseline { get; }

    /// <inheritdoc/>
    internal override bool ScoresOtherInputs => true;

    /// <inheritdoc/>
    public override string Id => "integrated-gradients";

    /// <inheritdoc/>
    public override string DisplayName => "Integrated Gradients";

    /// <inheritdoc/>
    public override string Description => "input minus baseline times the average gradient on the path from a grey baseline";

    /// <inheritdoc/>
    internal override (Tensor Attributions, Tensor Scores) Attribute(AttributionBatch batch)
    {
        var x = batch.Images;
        var n = x.shape[0];
        var baseline = full_like(x, Baseline);
        var delta = x - baseline;
        var total = zeros([batch.Targets.Count, n, x.shape[1], x.shape[2], x.shape[3]], device: x.device);
        var perPass = Math.Max(1, batch.Request.BatchSize / (int)n);
        for (var start = 0; start < Steps; start += perPass)
        {
            batch.Request.CancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var count = Math.Min(perPass, Steps - start);
            var alphas = (arange(count, dtype: float32, device: x.device) + start + 0.5f) / Steps;
            var points = baseline.unsqueeze(0) + (alphas.view(-1, 1, 1, 1, 1) * delta.unsqueeze(0));
            var (grads, _) = InputGradients(batch, points.reshape(-1, x.shape[1], x.shape[2], x.shape[3]));
            var summed = grads.reshape(batch.Targets.Count, count, n, x.shape[1], x.shape[2], x.shape[3]).sum([1]);
            total.add_(summed);
        }

        var scores = batch.ScoresNoGrad(x);
        return (total / Steps * delta.unsqueeze(0), scores);
    }

    /// <inheritdoc/>
    internal override Tensor Reduce(Tensor attributions) => attributions.sum([2]);

    /// <inheritdoc/>
    private protected override Tensor Magnitude(Tensor raw) => raw.abs();
}
