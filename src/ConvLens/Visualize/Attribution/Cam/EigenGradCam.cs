using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>EigenGrad-CAM: the first principal component of gradients times activations; class-discriminative Eigen-CAM.</summary>
/// <remarks>
/// As pytorch-grad-cam's <c>EigenGradCAM</c> (Gildenblat et al., https://github.com/jacobgil/pytorch-grad-cam):
/// Eigen-CAM (Muhammad and Yeasin, IJCNN 2020, https://arxiv.org/abs/2008.00299, eq. 5-6) applied to g ⊙ A instead
/// of A, centred per channel before the SVD. The arbitrary sign of the component is chosen so the map correlates
/// positively with the HiResCAM map sum_k g_k ⊙ A_k (pytorch-grad-cam leaves it to chance).
/// </remarks>
public sealed class EigenGradCam : CamMethod
{
    /// <inheritdoc/>
    public override string Id => "eigen-grad-cam";

    /// <inheritdoc/>
    public override string DisplayName => "EigenGrad-CAM";

    /// <inheritdoc/>
    public override string Description => "first principal component of gradients times activations: Eigen-CAM made class-specific";

    /// <inheritdoc/>
    protected internal override bool HasWeightedActivations => false;

    /// <inheritdoc/>
    protected override Tensor Cam(CamContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var weighted = c.RequireGradients() * c.Activations;
        return PrincipalProjection.FirstComponent(weighted, weighted.sum(1));
    }
}
