using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>HiResCAM: the element-wise product of gradients and activations, summed over channels.</summary>
/// <remarks>
/// Draelos and Carin, "Use HiResCAM instead of Grad-CAM for faithful explanations of convolutional neural
/// networks", 2020, https://arxiv.org/abs/2011.08891, eq. 5. Provably faithful for CNNs ending in one linear layer.
/// </remarks>
public sealed class HiResCam : CamMethod
{
    /// <inheritdoc/>
    public override string Id => "hires-cam";

    /// <inheritdoc/>
    public override string DisplayName => "HiResCAM";

    /// <inheritdoc/>
    public override string Description => "gradients times activations, summed over channels: faithful to the layer's resolution";

    /// <inheritdoc/>
    protected internal override Tensor WeightedActivations(CamContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.RequireGradients() * c.Activations;
    }
}
