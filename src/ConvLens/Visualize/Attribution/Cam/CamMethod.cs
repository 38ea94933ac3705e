using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>
/// The class-activation-map pipeline: one forward pass tapping the layer, one backward per target (the graph is
/// retained between targets), the leaf's <see cref="Cam"/> (or <see cref="ChannelWeights"/>), ReLU, bilinear
/// upsampling to the input size, then per-image normalisation by the shared base.
/// </summary>
public abstract class CamMethod : AttributionMethod
{
    /// <inheritdoc/>
    public override bool RequiresLayer => true;

    /// <summary>The per-channel weights [N,C] of the map; leaves that build the map otherwise override <see cref="Cam"/>.</summary>
    protected virtual Tensor ChannelWeights(CamContext c) =>
        throw new NotSupportedException($"{GetType().Name} must override ChannelWeights or Cam");

    /// <summary>The weighted activations [N,C,h,w] whose channel sum is the map; default: channel weights times activations.</summary>
    /// <remarks>Eigen smoothing (<see cref="Wrappers.EigenSmoothing"/>) takes their first principal component instead of the sum.</remarks>
    protected internal virtual Tensor WeightedActivations(CamContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return ChannelWeights(c).unsqueeze(-1).unsqueeze(-1) * c.Activations;
    }

    /// <summary>The map [N,h,w] at the layer's resolution, before ReLU; default: the channel sum of <see cref="WeightedActivations"/>.</summary>
    protected virtual Tensor Cam(CamContext c) => WeightedActivations(c).sum(1);

    /// <summary>True when the map is the channel sum of <see cref="WeightedActivations"/> (so eigen smoothing applies).</summary>
    protected internal virtual bool HasWeightedActivations => true;

    /// <inheritdoc/>
    internal override BatchMaps Compute(AttributionBatch batch) => Compute(batch, Cam);

    /// <summary>d score / d activations, or a named error when the score does not depend on the layer.</summary>
    /// <remarks>
    /// Images are independent (eval mode), so the gradient of the sum gives each image its own gradient. libtorch's own
    /// errors for a score that never reads the layer abort the process, so both cases are caught first: no autograd
    /// history at all (only the layers after the layer were recorded), or the layer unused.
    /// </remarks>
    internal static Tensor GradientAt(AttributionBatch batch, ITarget target, Tensor score, Tensor activations, string layer, bool retainGraph)
    {
        var gradients = score.requires_grad ? autograd.grad([score.sum()], [activations], retain_graph: retainGraph, allow_unused: true)[0] : null;
        return gradients is null || gradients.IsInvalid
            ? throw new ConvLensException(
                $"target '{target.Description}' does not depend on layer '{batch.Model.DisplayName(layer)}' (its score never reads it, e.g. a detector's box branch or another feature level's head), so it has no gradient there; pick a layer the score is computed from")
            : gradients;
    }

    /// <summary>Runs the pipeline with another map function (used by composite methods).</summary>
    internal BatchMaps Compute(AttributionBatch batch, Func<CamContext, Tensor> cam)
    {
        var layer = batch.Layer!;
        var h = batch.Images.shape[2];
        var w = batch.Images.shape[3];
        var taps = batch.TargetLayers.Append(layer).Distinct(StringComparer.Ordinal).ToArray();
        using var gradMode = UsesGradients ? enable_grad() : no_grad();
        // Gradients are only needed from the layer on, so the layers before it may run without autograd.
        var run = UsesGradients ? batch.Model.RunDifferentiableFrom(batch.Images, layer, taps) : batch.Model.Run(batch.Images, taps);
        var activations = run[layer];
        // Token layers are explained on their grid; the reshape is linear, so the gradient's grid is the grid's gradient.
        var layout = CamLayers.Layout(batch.Model, layer, activations, (int)h, (int)w, batch.Request.Layout);
        var grid = layout.ToGrid(activations.detach());
        if (UsesGradients && !activations.requires_grad)
        {
            throw new ConvLensException($"layer '{batch.Model.DisplayName(layer)}' does not depend on the input (a constant, index or mask), so it has no gradient to explain; pick a layer computed from the image");
        }
        var maps = new List<Tensor>();
        var scores = new List<Tensor>();
        var classes = new List<Tensor?>();
        for (var t = 0; t < batch.Targets.Count; t++)
        {
            var score = batch.Targets[t].Score(run);
            classes.Add(batch.Targets[t].ClassOf(run));
            Tensor? gradients = null;
            if (UsesGradients)
            {
                gradients = GradientAt(batch, batch.Targets[t], score, activations, layer, retainGraph: t < batch.Targets.Count - 1);
            }

            var context = new CamContext(batch, batch.Targets[t], grid, gradients is null ? null : layout.ToGrid(gradients), score.detach(), layout);
            Tensor map;
            using (no_grad())
            {
                map = nn.functional.relu(cam(context));
                map = nn.functional.interpolate(map.unsqueeze(1), [h, w], mode: InterpolationMode.Bilinear, align_corners: false).squeeze(1);
            }

            maps.Add(map);
            scores.Add(score.detach());
        }

        return new BatchMaps(stack(maps), stack(scores), classes.All(c => c is not null) ? stack(classes!) : null);
    }
}
