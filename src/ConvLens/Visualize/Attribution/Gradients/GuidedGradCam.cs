using ConvLens.Visualize.Attribution.Cam;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Gradients;

/// <summary>Guided Grad-CAM: guided backpropagation (max |value| over colour) multiplied by the Grad-CAM map.</summary>
/// <remarks>
/// Selvaraju et al., "Grad-CAM", ICCV 2017, https://arxiv.org/abs/1610.02391, section 3 ("Guided Grad-CAM").
/// </remarks>
public sealed class GuidedGradCam : AttributionMethod
{
    private readonly GuidedBackprop _guided = new();
    private readonly GradCam _gradCam = new();

    /// <inheritdoc/>
    public override string Id => "guided-grad-cam";

    /// <inheritdoc/>
    public override string DisplayName => "Guided Grad-CAM";

    /// <inheritdoc/>
    public override string Description => "guided backpropagation multiplied by the Grad-CAM map: sharp and class-specific";

    /// <inheritdoc/>
    public override bool RequiresLayer => true;

    /// <inheritdoc/>
    internal override BatchMaps Compute(AttributionBatch batch)
    {
        var cam = _gradCam.Compute(batch);
        var guided = _guided.Compute(batch);
        return new BatchMaps(cam.Raw * guided.Raw, cam.Scores);
    }
}
