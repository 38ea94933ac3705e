using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>Grad-CAM: channels weighted by their spatially averaged gradient.</summary>
/// <remarks>
/// Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization", ICCV 2017,
/// https://arxiv.org/abs/1610.02391, eq. 1 (weights) and eq. 2 (ReLU of the weighted sum).
/// </remarks>
public sealed class GradCam : CamMethod
{
    /// <inheritdoc/>
    public override string Id => "grad-cam";

    /// <inheritdoc/>
    public override string DisplayName => "Grad-CAM";

    /// <inheritdoc/>
    public override string Description => "channels weighted by their spatially averaged gradient";

    /// <inheritdoc/>
    protected override Tensor ChannelWeights(CamContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.RequireGradients().mean([2, 3]);
    }
}
