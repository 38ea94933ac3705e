using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Gradients;

/// <summary>
/// Base of input-space gradient methods: leaves produce per-pixel attributions [T,N,3,H,W]; the base reduces the
/// colour channels to a map [T,N,H,W] (default: the largest |value| over channels, as in Simonyan et al.).
/// </summary>
public abstract class GradientMethod : AttributionMethod
{
    /// <summary>Per-pixel attributions [T,N,3,H,W] and clean-image scores [T,N].</summary>
    internal abstract (Tensor Attributions, Tensor Scores) Attribute(AttributionBatch batch);

    /// <summary>Colour channels to one map: [T,N,3,H,W] → [T,N,H,W].</summary>
    internal virtual Tensor Reduce(Tensor attributions) => attributions.abs().amax([2]);

    /// <inheritdoc/>
    internal override BatchMaps Compute(AttributionBatch batch)
    {
        var (attributions, scores) = Attribute(batch);
        return new BatchMaps(Reduce(attributions), scores);
    }

    /// <summary>
    /// One forward pass of <paramref name="images"/> and one backward per target (graph retained in between):
    /// gradients [T,M,3,H,W] with respect to the images and scores [T,M].
    /// </summary>
    internal static (Tensor Gradients, Tensor Scores) InputGradients(AttributionBatch batch, Tensor images, RunOverrides? overrides = null)
    {
        using var gradMode = enable_grad();
        var x = images.detach().requires_grad_(true);
        var run = batch.Model.Run(x, batch.TargetLayers, true, overrides);
        var grads = new List<Tensor>();
        var scores = new List<Tensor>();
        for (var t = 0; t < batch.Targets.Count; t++)
        {
            var score = batch.Targets[t].Score(run);
            // libtorch's error for a score without autograd history aborts the process: say it here instead.
            if (!score.requires_grad)
            {
                throw new ConvLensException($"target '{batch.Targets[t].Description}' does not depend on the image (its score has no gradient); pick a target computed from the image");
            }

            grads.Add(autograd.grad([score.sum()], [x], retain_graph: t < batch.Targets.Count - 1)[0]);
            scores.Add(score.detach());
        }

        return (stack(grads), stack(scores));
    }
}
