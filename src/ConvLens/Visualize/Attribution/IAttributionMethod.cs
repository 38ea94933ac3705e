using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution;

/// <summary>Explains a model's output on images as one heatmap per image and target.</summary>
public interface IAttributionMethod
{
    /// <summary>The stable kebab-case id (e.g. <c>grad-cam</c>); CLI and web choices come from it.</summary>
    string Id { get; }

    /// <summary>The name people know the method by (e.g. "Grad-CAM").</summary>
    string DisplayName { get; }

    /// <summary>One line on what the map shows, for help texts and report labels.</summary>
    string Description { get; }

    /// <summary>True when the method back-propagates (false for Score-CAM, Eigen-CAM, occlusion).</summary>
    bool UsesGradients { get; }

    /// <summary>True when the method needs a spatial layer (the CAM family).</summary>
    bool RequiresLayer { get; }

    /// <summary>True when many images go through the network in one batch.</summary>
    bool SupportsBatch { get; }

    /// <summary>Computes one map per image and target.</summary>
    /// <param name="model">The model; never modified (hooks are removed before returning).</param>
    /// <param name="images">[N,3,H,W], float32, RGB in 0..1, at the model's input size; not disposed.</param>
    /// <param name="request">Layer, targets, batch size, seed, progress and cancellation.</param>
    /// <returns>Managed maps at the input size, normalised to [0,1], with the raw maps beside them.</returns>
    /// <exception cref="ConvLensException">Unknown or non-spatial layer, or a target out of range.</exception>
    AttributionResult Explain(LoadedModel model, Tensor images, AttributionRequest request);
}
