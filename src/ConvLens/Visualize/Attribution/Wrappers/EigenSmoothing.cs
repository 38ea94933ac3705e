using ConvLens.Visualize.Attribution.Cam;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Wrappers;

/// <summary>Eigen smoothing: any CAM's map replaced by the first principal component of its weighted activations.</summary>
/// <remarks>
/// pytorch-grad-cam's <c>eigen_smooth=True</c> (https://github.com/jacobgil/pytorch-grad-cam, <c>BaseCAM.get_cam_image</c>):
/// instead of the channel sum of w_k A_k (or of the per-position products of HiResCAM and LayerCAM), the map is the
/// projection of those weighted activations, centred per channel, on their first principal component, which drops
/// much of the noise. The component's sign is chosen so the map correlates positively with the unsmoothed map.
/// Applies to CAMs built from weighted activations (not Eigen-CAM, EigenGrad-CAM or KPCA-CAM, which already project).
/// Costs one SVD of [h*w, C] per image on top of the wrapped CAM.
/// </remarks>
public sealed class EigenSmoothing : CamMethod
{
    private readonly CamMethod _inner;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <exception cref="ConvLensException">The CAM does not build its map from weighted activations.</exception>
    public EigenSmoothing(CamMethod inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!inner.HasWeightedActivations)
        {
            throw new ConvLensException($"eigen smoothing needs a CAM whose map is a sum of weighted activations; {inner.Id} is not (it projects already)");
        }

        _inner = inner;
    }

    /// <summary>The wrapped CAM.</summary>
    public CamMethod Inner => _inner;

    /// <inheritdoc/>
    public override string Id => $"{_inner.Id}-eigen-smooth";

    /// <inheritdoc/>
    public override string DisplayName => $"{_inner.DisplayName} (eigen smooth)";

    /// <inheritdoc/>
    public override string Description => $"{_inner.DisplayName} with the first principal component of its weighted activations instead of their sum";

    /// <inheritdoc/>
    public override bool UsesGradients => _inner.UsesGradients;

    /// <inheritdoc/>
    internal override bool ScoresOtherInputs => _inner.ScoresOtherInputs;

    /// <inheritdoc/>
    protected internal override bool HasWeightedActivations => false;

    /// <inheritdoc/>
    internal override BatchMaps Compute(AttributionBatch batch) => _inner.Compute(batch, c =>
    {
        var weighted = _inner.WeightedActivations(c);
        return PrincipalProjection.FirstComponent(weighted, weighted.sum(1));
    });
}
