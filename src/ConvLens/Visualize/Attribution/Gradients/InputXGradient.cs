using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Gradients;

/// <summary>Input × gradient, summed over colour channels (signed raw map; |value| is normalised).</summary>
/// <remarks>
/// Shrikumar et al., "Not Just a Black Box: Learning Important Features Through Propagating Activation
/// Differences", 2016, https://arxiv.org/abs/1605.01713. The input is the RGB image in 0..1 (before the model's
/// preprocessing), so the attribution lives in the space a person sees.
/// </remarks>
public sealed class InputXGradient : GradientMethod
{
    /// <inheritdoc/>
    public override string Id => "input-x-gradient";

    /// <inheritdoc/>
    public override string DisplayName => "Input × Gradient";

    /// <inheritdoc/>
    public override string Description => "input times its gradient, summed over colour channels";

    /// <inheritdoc/>
    internal override (Tensor Attributions, Tensor Scores) Attribute(AttributionBatch batch)
    {
        var (grads, scores) = InputGradients(batch, batch.Images);
        return (grads * batch.Images.unsqueeze(0), scores);
    }

    /// <inheritdoc/>
    internal override Tensor Reduce(Tensor attributions) => attributions.sum([2]);

    /// <inheritdoc/>
    private protected override Tensor Magnitude(Tensor raw) => raw.abs();
}
