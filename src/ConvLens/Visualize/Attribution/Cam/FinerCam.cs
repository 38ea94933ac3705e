using ConvLens.Models;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>FinerCAM: Grad-CAM of the target's score minus the scores of the classes most similar to it.</summary>
/// <remarks>
/// Zhang et al., "Finer-CAM: Spotting the Difference Reveals Finer Details for Visual Explanation", CVPR 2025,
/// https://arxiv.org/abs/2501.11309, as pytorch-grad-cam's <c>FinerCAM</c> with its defaults: per image, the outputs
/// are sorted by |y_k - s| where s is the target's score; the first (the target's own class) is skipped and the next
/// <see cref="Comparisons"/> are the references r; the explained score is sum_r (s - alpha y_r) and the base method is
/// Grad-CAM. Meant for class-logit targets on a classifier output [N,K]; the reported score stays the target's own.
/// </remarks>
public sealed class FinerCam : CamMethod
{
    /// <summary>Creates the method.</summary>
    /// <param name="comparisons">How many similar classes are subtracted (pytorch-grad-cam: 3).</param>
    /// <param name="alpha">Weight of each subtracted class (1 = plain difference; 0 = Grad-CAM).</param>
    /// <exception cref="ArgumentOutOfRangeException">Comparisons below 1.</exception>
    public FinerCam(int comparisons = 3, float alpha = 1f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(comparisons, 1);
        Comparisons = comparisons;
        Alpha = alpha;
    }

    /// <summary>How many similar classes are subtracted.</summary>
    public int Comparisons { get; }

    /// <summary>Weight of each subtracted class.</summary>
    public float Alpha { get; }

    /// <inheritdoc/>
    public override string Id => "finer-cam";

    /// <inheritdoc/>
    public override string DisplayName => "FinerCAM";

    /// <inheritdoc/>
    public override string Description => "Grad-CAM of the target minus its most similar classes: the details that tell them apart";

    /// <inheritdoc/>
    protected override Tensor ChannelWeights(CamContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.RequireGradients().mean([2, 3]);
    }

    /// <inheritdoc/>
    internal override BatchMaps Compute(AttributionBatch batch)
    {
        var finer = batch.Targets.Select(t => new Contrast(t, Comparisons, Alpha)).ToArray();
        var maps = Compute(new AttributionBatch(batch.Model, batch.Images, finer, batch.Layer, batch.Request, batch.Generator), Cam);
        return maps with { Scores = stack([.. finer.Select(f => f.OwnScore!)]) };
    }

    /// <summary>s times the reference count minus alpha times the references' logits; remembers s for the report.</summary>
    private sealed class Contrast(ITarget inner, int comparisons, float alpha) : ITarget
    {
        public Tensor? OwnScore { get; private set; }

        public string Description => $"{inner.Description} minus similar classes";

        public IReadOnlyList<string> Layers => inner.Layers;

        public ITarget Resolve(LoadedModel model) => this;

        public Tensor Score(ModelRun run)
        {
            var own = inner.Score(run);
            var output = TargetGuard.FlatOutput(run);
            var count = Math.Min(comparisons, output.shape[1] - 1);
            if (count < 1)
            {
                throw new ConvLensException($"finer-cam needs at least 2 outputs to compare classes, the model has {output.shape[1]}");
            }

            var (_, order) = (output.detach() - own.detach().unsqueeze(1)).abs().sort(1);
            var references = output.gather(1, order.narrow(1, 1, count));
            OwnScore = own.detach();
            return (own * count) - (references.sum(1) * alpha);
        }
    }
}
