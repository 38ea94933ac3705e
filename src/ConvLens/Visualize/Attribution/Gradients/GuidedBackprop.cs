using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Gradients;

/// <summary>Guided backpropagation: the input gradient with only positive gradients let through every ReLU.</summary>
/// <remarks>
/// Springenberg et al., "Striving for Simplicity: The All Convolutional Net", ICLR workshop 2015,
/// https://arxiv.org/abs/1412.6806, section 3.4. Needs a model that supports <see cref="RunOverrides.Relu"/>
/// (ReLU modules in TorchSharp models). Known to be insensitive to the model's weights (Adebayo et al. 2018).
/// </remarks>
public sealed class GuidedBackprop : GradientMethod
{
    private static readonly RunOverrides s_guided = new() { Relu = GuidedRelu.Apply };

    /// <inheritdoc/>
    public override string Id => "guided-backprop";

    /// <inheritdoc/>
    public override string DisplayName => "Guided Backprop";

    /// <inheritdoc/>
    public override string Description => "input gradient letting only positive gradients through every ReLU: sharp edges";

    /// <inheritdoc/>
    internal override (Tensor Attributions, Tensor Scores) Attribute(AttributionBatch batch) =>
        InputGradients(batch, batch.Images, s_guided);
}
