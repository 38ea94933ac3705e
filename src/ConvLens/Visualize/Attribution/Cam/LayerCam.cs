using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>LayerCAM: activations weighted per position by their positive gradient; works on early layers too.</summary>
/// <remarks>
/// Jiang et al., "LayerCAM: Exploring Hierarchical Class Activation Maps for Localization", IEEE TIP 2021,
/// https://doi.org/10.1109/TIP.2021.3089943, eq. 5-6: M = ReLU(sum_k relu(g^k) * A^k).
/// </remarks>
public sealed class LayerCam : CamMethod
{
    /// <inheritdoc/>
    public override string Id => "layer-cam";

    /// <inheritdoc/>
    public override string DisplayName => "LayerCAM";

    /// <inheritdoc/>
    public override string Description => "activations weighted per position by their positive gradient; useful on early layers too";

    /// <inheritdoc/>
    protected internal override Tensor WeightedActivations(CamContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return nn.functional.relu(c.RequireGradients()) * c.Activations;
    }
}
