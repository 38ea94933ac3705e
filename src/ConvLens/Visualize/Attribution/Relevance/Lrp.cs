using ConvLens.Models;
using ConvLens.Visualize.Attribution.Gradients;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Relevance;

/// <summary>
/// Layer-wise relevance propagation (LRP) with a composite of rules: the target's score is redistributed layer by
/// layer down to the pixels, each linear layer by its rule, with batch normalisations folded into their
/// convolutions and residual additions split in proportion to their inputs.
/// </summary>
/// <remarks>
/// Bach et al., "On Pixel-Wise Explanations for Non-Linear Classifier Decisions by Layer-Wise Relevance Propagation",
/// PLOS ONE 2015, https://doi.org/10.1371/journal.pone.0130140; rules and composites as Montavon et al. 2019 and zennit.
/// Runs through <see cref="RunOverrides.LinearLayers"/>, so it works the same on imported ONNX graphs and TorchSharp
/// modules. The map is the relevance summed over colour channels (signed; its positive part is ranked), at the
/// image's size. Scores stay those of the unmodified model. Relevance is defined for scores linear in the
/// network's output (logits, not probabilities).
/// </remarks>
public sealed class Lrp(LrpComposite composite) : GradientMethod
{
    /// <summary>The rules.</summary>
    public LrpComposite Composite { get; } = composite ?? throw new ArgumentNullException(nameof(composite));

    /// <inheritdoc/>
    public override string Id => "lrp-" + Composite.Id;

    /// <inheritdoc/>
    public override string DisplayName => $"LRP ({Composite.Id})";

    /// <inheritdoc/>
    public override string Description => $"relevance propagation: {Composite.Description}, batch norms folded";

    /// <summary>Relevance of every input value for <paramref name="target"/>, with the sums that show whether it was conserved.</summary>
    /// <param name="model">Any model.</param>
    /// <param name="images">[N,3,H,W] RGB in 0..1 on the model's device.</param>
    /// <param name="target">The score to explain, resolved against <paramref name="model"/>.</param>
    public LrpRelevance Relevance(LoadedModel model, Tensor images, ITarget target)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(target);
        var resolved = target.Resolve(model);
        var (relevance, scores, bias, layers) = Propagate(model, images.detach(), [resolved], [.. resolved.Layers]);
        using var noGrad = no_grad();
        var input = relevance[0];
        return new LrpRelevance(
            input,
            scores[0].cpu().data<float>().ToArray(),
            input.flatten(1).sum(1).cpu().data<float>().ToArray(),
            bias[0].cpu().data<float>().ToArray(),
            layers);
    }

    /// <summary>How far (input + bias relevance) / score may stray from 1 before a map says relevance was lost.</summary>
    public const double ConservationTolerance = 0.05;

    /// <inheritdoc/>
    /// <remarks>A map whose relevance was not conserved within <see cref="ConservationTolerance"/> carries a warning naming the ratio.</remarks>
    internal override BatchMaps Compute(AttributionBatch batch)
    {
        var (maps, scores, conservation) = Maps(batch);
        var ratios = conservation.cpu().data<double>().ToArray();
        var warnings = ratios.Select(r => Math.Abs(r - 1) <= ConservationTolerance ? null : string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"relevance not conserved: input and biases received {r:G3} of the score; some op on the way has no LRP rule (sigmoid, SiLU, clipping, normalisation other than batch norm, attention) and passes plain gradients")).ToList();
        return new BatchMaps(Reduce(maps), scores, Warnings: warnings);
    }

    /// <inheritdoc/>
    internal override (Tensor Attributions, Tensor Scores) Attribute(AttributionBatch batch)
    {
        var (maps, scores, _) = Maps(batch);
        return (maps, scores);
    }

    private (Tensor Maps, Tensor Scores, Tensor Conservation) Maps(AttributionBatch batch)
    {
        var (relevance, scores, bias, _) = Propagate(batch.Model, batch.Images, batch.Targets, batch.TargetLayers);
        using var noGrad = no_grad();
        // [T,N]: (input + bias) / score, flattened target-major as the maps are.
        var conservation = ((stack([.. relevance.Select(r => r.flatten(1).sum(1))]) + stack(bias)).to(float64) / stack(scores).to(float64)).flatten();
        var (h, w) = (batch.Images.shape[2], batch.Images.shape[3]);
        var resized = relevance.Select(r => r.shape[2] == h && r.shape[3] == w
            ? r
            // The model read another size: each value's relevance spread over the image pixels it came from.
            : nn.functional.interpolate(r, [h, w], mode: InterpolationMode.Bilinear, align_corners: false) * ((double)(r.shape[2] * r.shape[3]) / (h * w)));
        return (stack([.. resized]), stack(scores), conservation);
    }

    /// <inheritdoc/>
    internal override Tensor Reduce(Tensor attributions) => attributions.sum([2]);

    /// <inheritdoc/>
    private protected override Tensor Magnitude(Tensor raw) => raw.clamp_min(0);

    /// <summary>One rewritten forward, one backward per target: input relevance, scores and bias relevance per target.</summary>
    private (List<Tensor> Input, List<Tensor> Scores, List<Tensor> Bias, List<string> Layers) Propagate(
        LoadedModel model, Tensor images, IReadOnlyList<ITarget> targets, IReadOnlyList<string> layers)
    {
        var (lower, upper) = Bounds(model, images);
        using var propagation = new RelevancePropagation(Composite, lower, upper);
        using var gradMode = enable_grad();
        var run = model.Run(images, layers, true, propagation.Overrides);
        var (input, scores, bias) = (new List<Tensor>(), new List<Tensor>(), new List<Tensor>());
        for (var t = 0; t < targets.Count; t++)
        {
            var score = targets[t].Score(run);
            var (r, b) = propagation.Relevance(score, retainGraph: t < targets.Count - 1);
            input.Add(r);
            bias.Add(b);
            scores.Add(score.detach());
        }

        return (input, scores, bias, [.. propagation.RuledLayers]);
    }

    /// <summary>The preprocessed black and white images, the bounds of the box rule.</summary>
    private static (Tensor Lower, Tensor Upper) Bounds(LoadedModel model, Tensor images)
    {
        using var noGrad = no_grad();
        var black = model.Preprocessing.Apply(zeros_like(images));
        var white = model.Preprocessing.Apply(ones_like(images));
        return (minimum(black, white), maximum(black, white));
    }
}
