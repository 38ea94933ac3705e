using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>XGrad-CAM: gradients weighted by the normalised activations of their channel.</summary>
/// <remarks>
/// Fu et al., "Axiom-based Grad-CAM: Towards Accurate Visualization and Explanation of CNNs", BMVC 2020,
/// https://arxiv.org/abs/2008.02312, eq. 11: w_k = sum_ij (A_ij / sum_ab A_ab) dS/dA_ij. A channel whose
/// activations sum to zero gets weight zero.
/// </remarks>
public sealed class XGradCam : CamMethod
{
    /// <inheritdoc/>
    public override string Id => "xgrad-cam";

    /// <inheritdoc/>
    public override string DisplayName => "XGrad-CAM";

    /// <inheritdoc/>
    public override string Description => "gradients weighted by the normalised activations of their channel";

    /// <inheritdoc/>
    protected override Tensor ChannelWeights(CamContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var sumA = c.Activations.sum([2, 3]);
        var numerator = (c.RequireGradients() * c.Activations).sum([2, 3]);
        return where(sumA != 0, numerator / where(sumA != 0, sumA, ones_like(sumA)), zeros_like(sumA));
    }
}
