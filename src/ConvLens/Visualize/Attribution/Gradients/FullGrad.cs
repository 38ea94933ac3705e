using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Gradients;

/// <summary>FullGrad: |input gradient × input| plus |bias gradient × bias| of every convolution and batch normalisation.</summary>
/// <remarks>
/// Srinivas and Fleuret, "Full-Gradient Representation for Neural Network Visualization", NeurIPS 2019,
/// https://arxiv.org/abs/1905.00780, eq. 3 (f(x) = ∇x f · x + Σ ∇b f · b) and the saliency of section 4
/// (S = ψ(|∇x f ⊙ x|) + Σ_l Σ_c ψ(|∇b f ⊙ b|), ψ = normalise and upsample). As the authors' implementation
/// (https://github.com/idiap/fullgrad-saliency, <c>FullGrad._postProcess</c>), each layer's |map| [C,h,w] is min-max
/// scaled to [0,1] per image over all its channels together, summed over channels and bilinearly upsampled.
/// pytorch-grad-cam scales every channel on its own instead, which lifts near-silent channels to full weight (on the
/// shapes model its pointing game is about 50 %). Bias gradients are the gradients at the outputs of the layers the biases
/// enter, times the bias: the Conv bias input and the folded BatchNormalization term beta - mean gamma / sqrt(var + eps)
/// of imported ONNX graphs, and the Conv2d / BatchNorm2d modules of TorchSharp models; linear (Gemm) biases have no
/// spatial map and are left out, as in the paper's saliency. For targets that read an intermediate layer only the
/// layers up to it (in execution order) count. One forward and one backward per target.
/// </remarks>
public sealed class FullGrad : AttributionMethod
{
    /// <inheritdoc/>
    public override string Id => "full-grad";

    /// <inheritdoc/>
    public override string DisplayName => "FullGrad";

    /// <inheritdoc/>
    public override string Description => "input gradient times input plus bias gradients of every conv and batch norm, aggregated over layers";

    /// <inheritdoc/>
    internal override BatchMaps Compute(AttributionBatch batch)
    {
        var (h, w) = (batch.Images.shape[2], batch.Images.shape[3]);
        var biases = UpToTargets(batch, batch.Model.BiasTerms());
        // The layers' outputs are captured through overrides that hand the rest of the network a copy: an in-place
        // ReLU after a batch norm (TorchVision's) would otherwise overwrite the value whose gradient is wanted.
        var captured = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var overrides = new RunOverrides
        {
            LayerOutputs = biases.ToDictionary(b => b.Layer, b => (Func<Tensor, Tensor>)(o => Capture(captured, b.Layer, o)), StringComparer.Ordinal),
        };
        var maps = new List<Tensor>();
        var scores = new List<Tensor>();
        try
        {
            using var gradMode = enable_grad();
            var x = batch.Images.detach().requires_grad_(true);
            var run = batch.Model.Run(x, batch.TargetLayers, true, overrides);
            List<Tensor> wrt = [x, .. biases.Select(b => captured[b.Layer])];
            for (var t = 0; t < batch.Targets.Count; t++)
            {
                var score = batch.Targets[t].Score(run);
                var grads = autograd.grad([score.sum()], wrt, retain_graph: t < batch.Targets.Count - 1);
                using (no_grad())
                {
                    // Products, never in place on the gradients: autograd may hand one tensor to two leaves (both sides of an Add).
                    var total = ScaledSum(grads[0] * x);
                    // Upsampling is linear, so the layers of one resolution are summed first and upsampled once.
                    var byResolution = new Dictionary<(long, long), Tensor>();
                    for (var l = 0; l < biases.Count; l++)
                    {
                        // Linear (Gemm) outputs have no spatial map: the paper's saliency leaves them out.
                        if (grads[l + 1].dim() != 4)
                        {
                            continue;
                        }

                        var part = ScaledSum(grads[l + 1] * biases[l].Bias.view(1, -1, 1, 1));
                        var size = (part.shape[1], part.shape[2]);
                        if (!byResolution.TryAdd(size, part))
                        {
                            byResolution[size].add_(part);
                        }
                    }

                    foreach (var part in byResolution.Values)
                    {
                        total.add_(nn.functional.interpolate(part.unsqueeze(1), [h, w], mode: InterpolationMode.Bilinear, align_corners: false).squeeze(1));
                    }

                    maps.Add(total);
                }

                scores.Add(score.detach());
            }
        }
        finally
        {
            foreach (var t in captured.Values)
            {
                t.Dispose();
            }
        }

        return new BatchMaps(stack(maps), stack(scores));
    }

    private static Tensor Capture(Dictionary<string, Tensor> captured, string layer, Tensor output)
    {
        if (captured.Remove(layer, out var old))
        {
            old.Dispose();
        }

        captured[layer] = output.alias().DetachFromDisposeScope();
        return output.clone();
    }

    /// <summary>
    /// |v| [N,C,h,w] (v, a temporary, is overwritten) scaled to [0,1] per image over all channels, summed over channels → [N,h,w];
    /// as Σ_c (|v| − min) / range = (Σ_c |v| − C·min) / range, so the full-size tensor is read three times, not seven.
    /// </summary>
    private static Tensor ScaledSum(Tensor v)
    {
        var a = v.abs_();
        var flat = a.flatten(1);
        var min = flat.amin([1]).view(-1, 1, 1);
        var range = flat.amax([1]).view(-1, 1, 1) - min;
        return (a.sum(1) - (min * a.shape[1])) / (range + 1e-6f);
    }

    /// <summary>The bias layers a target can depend on: all of them for output targets, those up to the deepest tapped layer otherwise.</summary>
    private static List<(string Layer, Tensor Bias)> UpToTargets(AttributionBatch batch, IReadOnlyList<(string Layer, Tensor Bias)> biases)
    {
        if (batch.TargetLayers.Count == 0)
        {
            return [.. biases];
        }

        var order = batch.Model.LayerNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var deepest = batch.TargetLayers.Max(l => order.GetValueOrDefault(l, int.MaxValue));
        return [.. biases.Where(b => order.GetValueOrDefault(b.Layer, int.MaxValue) < deepest)];
    }
}
