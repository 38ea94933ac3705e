using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Gradients;

/// <summary>Vanilla gradient saliency: |dScore/dx|, maximum over colour channels.</summary>
/// <remarks>
/// Simonyan, Vedaldi and Zisserman, "Deep Inside Convolutional Networks: Visualising Image Classification Models
/// and Saliency Maps", ICLR workshop 2014, https://arxiv.org/abs/1312.6034, section 3.1.
/// </remarks>
public sealed class Saliency : GradientMethod
{
    /// <inheritdoc/>
    public override string Id => "saliency";

    /// <inheritdoc/>
    public override string DisplayName => "Saliency";

    /// <inheritdoc/>
    public override string Description => "absolute input gradient, maximum over colour channels";

    /// <inheritdoc/>
    internal override (Tensor Attributions, Tensor Scores) Attribute(AttributionBatch batch) => InputGradients(batch, batch.Images);
}
