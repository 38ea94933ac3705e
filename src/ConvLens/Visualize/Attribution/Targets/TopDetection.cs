using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>
/// The score of each image's most confident detection: the box and class with the highest score. This is what
/// <c>auto</c> means on a model with SSD/RetinaNet-style score and box outputs, where the top of the first output
/// would be a box coordinate.
/// </summary>
/// <remarks>
/// When every box's scores sum to 1 (a softmax, as SSD's), column 0 is the background and is skipped: it wins on
/// almost every box and explains "nothing here".
/// </remarks>
public sealed class TopDetection : ITarget, IBoxTarget
{
    private readonly DetectionOutputs? _outputs;

    /// <summary>Targets the most confident detection of each image.</summary>
    public TopDetection()
        : this(null)
    {
    }

    private TopDetection(DetectionOutputs? outputs) => _outputs = outputs;

    /// <inheritdoc/>
    public string Description => "top detection";

    /// <inheritdoc/>
    public IReadOnlyList<string> Layers => _outputs?.Layers ?? [];

    /// <inheritdoc/>
    public ITarget Resolve(LoadedModel model) => _outputs is null ? new TopDetection(DetectionOutputs.Find(model, "auto")) : this;

    /// <inheritdoc/>
    public Tensor Score(ModelRun run)
    {
        var scores = Outputs.Scores(run);
        return scores.flatten(1).gather(1, Best(scores)).squeeze(1);
    }

    /// <inheritdoc/>
    public IReadOnlyList<float[]> SelectedBoxes(ModelRun run, int image)
    {
        using var scope = NewDisposeScope();
        var scores = Outputs.Scores(run);
        var box = Best(scores)[image].div(scores.shape[2], RoundingMode.floor);
        return BoxList.Of(Outputs.Boxes(run)[image].detach().index_select(0, box));
    }

    /// <summary>Flat index [N,1] into scores [N,B,C] of each image's best (box, class), decided on detached scores.</summary>
    private static Tensor Best(Tensor scores)
    {
        using var noGrad = no_grad();
        var s = scores.detach();
        if (s.shape[2] > 1 && (s.sum(2) - 1).abs().max().item<float>() < 1e-3f)
        {
            s = cat([full_like(s[.., .., ..1], double.NegativeInfinity), s[.., .., 1..]], 2);
        }

        return s.flatten(1).argmax(1, keepdim: true);
    }

    private DetectionOutputs Outputs => _outputs ?? throw new InvalidOperationException("resolve the target against the model first");
}
