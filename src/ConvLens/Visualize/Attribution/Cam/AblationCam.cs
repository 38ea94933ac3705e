using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>Ablation-CAM: a channel's weight is the relative drop of the score when that channel is zeroed.</summary>
/// <remarks>
/// Desai and Ramaswamy, "Ablation-CAM: Visual Explanations for Deep Convolutional Network via Gradient-free
/// Localization", WACV 2020, https://openaccess.thecvf.com/content_WACV_2020/papers/Desai_Ablation-CAM_Visual_Explanations_for_Deep_Convolutional_Network_via_Gradient-free_Localization_WACV_2020_paper.pdf,
/// eq. 3: w_k = (y - y_k) / y. Ablations are batched: each forward pass carries several copies of the image with
/// a different channel zeroed at the layer (through <see cref="RunOverrides.LayerOutputs"/>), so the model must
/// support overrides. When |y| is tiny, the denominator is clamped to 1e-6 with the sign of y.
/// </remarks>
public sealed class AblationCam : CamMethod
{
    /// <inheritdoc/>
    public override string Id => "ablation-cam";

    /// <inheritdoc/>
    public override string DisplayName => "Ablation-CAM";

    /// <inheritdoc/>
    public override string Description => "channels weighted by how much the score drops when each one is zeroed (no gradients)";

    /// <inheritdoc/>
    public override bool UsesGradients => false;

    /// <inheritdoc/>
    internal override bool ScoresOtherInputs => true;

    /// <inheritdoc/>
    protected override Tensor ChannelWeights(CamContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var a = c.Activations;
        var (n, ch) = (a.shape[0], a.shape[1]);
        var weights = new List<Tensor>();
        using var noGrad = no_grad();
        for (long i = 0; i < n; i++)
        {
            using var scope = NewDisposeScope();
            var drops = new List<Tensor>();
            for (long start = 0; start < ch; start += c.BatchSize)
            {
                c.CancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(c.BatchSize, ch - start);
                var flat = ones(count, ch, device: a.device);
                flat[arange(count, device: a.device), arange(start, start + count, device: a.device)] = zeros(count, device: a.device);
                var keep = c.Layout.BroadcastChannels(flat);
                var images = c.Images[i].unsqueeze(0).expand(count, -1, -1, -1);
                var overrides = new RunOverrides { LayerOutputs = new Dictionary<string, Func<Tensor, Tensor>> { [c.Layer] = o => o * keep } };
                var run = c.Model.Run(images, c.Target.Layers, true, overrides);
                drops.Add(c.Target.Score(run));
            }

            var y = c.Scores[i];
            var denominator = where(y.abs() < 1e-6, sign(y) * 1e-6 + (y == 0).to(float32) * 1e-6, y);
            weights.Add(((y - cat(drops)) / denominator).MoveToOuterDisposeScope());
        }

        return stack(weights);
    }
}
