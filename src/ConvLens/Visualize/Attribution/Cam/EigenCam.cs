using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>Eigen-CAM: the projection of the activations on their first principal component; target-independent.</summary>
/// <remarks>
/// Muhammad and Yeasin, "Eigen-CAM: Class Activation Map using Principal Components", IJCNN 2020,
/// https://arxiv.org/abs/2008.00299, eq. 5-6. The activations [h*w, C] are centred per channel before the SVD
/// (as pytorch-grad-cam does). The sign of a singular vector is arbitrary; it is chosen so that the map correlates
/// positively with the channel-summed activation (a deliberate addition, so maps do not flip between runs).
/// </remarks>
public sealed class EigenCam : CamMethod
{
    /// <inheritdoc/>
    public override string Id => "eigen-cam";

    /// <inheritdoc/>
    public override string DisplayName => "Eigen-CAM";

    /// <inheritdoc/>
    public override string Description => "first principal component of the layer's activations (no gradients, the same for every target)";

    /// <inheritdoc/>
    public override bool UsesGradients => false;

    /// <inheritdoc/>
    protected internal override bool HasWeightedActivations => false;

    /// <inheritdoc/>
    protected override Tensor Cam(CamContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return PrincipalProjection.FirstComponent(c.Activations, c.Activations.sum(1));
    }
}
