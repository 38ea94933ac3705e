using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>The summed score of every box of one class above a confidence (<c>detection:CLASS[:conf=0.25]</c>).</summary>
/// <remarks>Which boxes count is decided on detached scores, so the gradient is that of the kept boxes' scores.</remarks>
public sealed class DetectionScore : ITarget, IBoxTarget
{
    private readonly DetectionOutputs? _outputs;

    /// <summary>Targets class <paramref name="classIndex"/> with boxes scoring at least <paramref name="confidence"/>.</summary>
    public DetectionScore(long classIndex, double confidence = 0.25)
        : this(classIndex, confidence, null)
    {
    }

    private DetectionScore(long classIndex, double confidence, DetectionOutputs? outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        Class = classIndex;
        Confidence = confidence;
        _outputs = outputs;
    }

    /// <summary>The class.</summary>
    public long Class { get; }

    /// <summary>The lowest score a box needs to count.</summary>
    public double Confidence { get; }

    /// <inheritdoc/>
    public string Description => $"detections of class {Class} (score ≥ {Confidence:0.###})";

    /// <inheritdoc/>
    public IReadOnlyList<string> Layers => _outputs?.Layers ?? [];

    /// <inheritdoc/>
    public ITarget Resolve(LoadedModel model)
    {
        var outputs = _outputs ?? DetectionOutputs.Find(model, $"detection:{Class}");
        TargetGuard.CheckIndex(Class, outputs.Classes, "class index");
        return new DetectionScore(Class, Confidence, outputs);
    }

    /// <inheritdoc/>
    public Tensor Score(ModelRun run)
    {
        var scores = Outputs.Scores(run)[.., .., Class];
        var kept = scores.detach().ge(Confidence).to(scores.dtype);
        return (scores * kept).sum(1);
    }

    /// <summary>Overlap above which an outlined box is a duplicate of a better one (Ultralytics' predictor default).</summary>
    public const float OutlineIou = 0.7f;

    /// <inheritdoc/>
    /// <remarks>
    /// The score sums every box above the confidence, but a detector predicts each object from several cells and
    /// anchors; outlining all of them would bury the picture, so the boxes are the scored ones after non-maximum
    /// suppression at <see cref="OutlineIou"/>, best first: one per object, as the detector would show them.
    /// </remarks>
    public IReadOnlyList<float[]> SelectedBoxes(ModelRun run, int image)
    {
        using var scope = NewDisposeScope();
        var scores = Outputs.Scores(run)[image, .., Class].detach();
        var boxes = Outputs.Boxes(run)[image].detach();
        var kept = nonzero(scores.ge(Confidence)).flatten();
        var candidates = BoxList.Of(boxes.index_select(0, kept));
        if (candidates.Count == 0)
        {
            return candidates;
        }

        var keptScores = scores.index_select(0, kept).cpu().data<float>().ToArray();
        var corners = candidates.SelectMany(b => new[] { Math.Min(b[0], b[2]), Math.Min(b[1], b[3]), Math.Max(b[0], b[2]), Math.Max(b[1], b[3]) }).ToArray();
        var best = Enumerable.Range(0, candidates.Count).OrderByDescending(i => keptScores[i]);
        return [.. BoxSuppression.Keep(corners, 0, best, OutlineIou, long.MaxValue).Select(i => candidates[i])];
    }

    private DetectionOutputs Outputs => _outputs ?? throw new InvalidOperationException("resolve the target against the model first");
}
