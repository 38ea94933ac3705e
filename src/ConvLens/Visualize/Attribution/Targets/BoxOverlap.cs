using System.Globalization;
using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>The score of the predicted box that overlaps a given box most (<c>box:X1,Y1,X2,Y2[:CLASS]</c>).</summary>
/// <remarks>
/// Coordinates are model input pixels. The box is chosen by intersection over union on detached outputs; its score
/// is that of <see cref="Class"/>, or of its own best class when none is given.
/// </remarks>
public sealed class BoxOverlap : ITarget, IBoxTarget
{
    private readonly DetectionOutputs? _outputs;

    /// <summary>Targets the prediction that best matches the box (x1, y1, x2, y2), optionally scored for one class.</summary>
    public BoxOverlap(float[] box, long? classIndex = null)
        : this(box, classIndex, null)
    {
    }

    private BoxOverlap(float[] box, long? classIndex, DetectionOutputs? outputs)
    {
        ArgumentNullException.ThrowIfNull(box);
        if (box.Length != 4 || box[2] <= box[0] || box[3] <= box[1])
        {
            throw new ConvLensException($"box [{string.Join(",", box)}] must be X1,Y1,X2,Y2 with X2 > X1 and Y2 > Y1");
        }

        Box = box;
        Class = classIndex;
        _outputs = outputs;
    }

    /// <summary>The box, x1, y1, x2, y2 in model input pixels.</summary>
    public IReadOnlyList<float> Box { get; }

    /// <summary>The class scored, or null for the matched box's best class.</summary>
    public long? Class { get; }

    /// <inheritdoc/>
    public string Description => $"box {string.Join(",", Box.Select(v => v.ToString("0.#", CultureInfo.InvariantCulture)))}" + (Class is { } c ? $" class {c}" : "");

    /// <inheritdoc/>
    public IReadOnlyList<string> Layers => _outputs?.Layers ?? [];

    /// <inheritdoc/>
    public ITarget Resolve(LoadedModel model)
    {
        var outputs = _outputs ?? DetectionOutputs.Find(model, "box:" + string.Join(",", Box));
        if (Class is { } c)
        {
            TargetGuard.CheckIndex(c, outputs.Classes, "class index");
        }

        return new BoxOverlap([.. Box], Class, outputs);
    }

    /// <inheritdoc/>
    public Tensor Score(ModelRun run)
    {
        var scores = Outputs.Scores(run);
        var best = Matched(run);
        var perBox = scores.gather(1, best.view(-1, 1, 1).expand(-1, 1, scores.shape[2])).squeeze(1); // [N,C]
        var cls = Class is { } c ? full([perBox.shape[0], 1], c, dtype: int64, device: perBox.device) : perBox.detach().argmax(1, keepdim: true);
        return perBox.gather(1, cls).squeeze(1);
    }

    /// <inheritdoc/>
    public IReadOnlyList<float[]> SelectedBoxes(ModelRun run, int image)
    {
        using var scope = NewDisposeScope();
        var best = Matched(run)[image];
        return BoxList.Of(Outputs.Boxes(run)[image].detach().index_select(0, best.view(1)));
    }

    /// <summary>Index [N] of the predicted box with the largest IoU with <see cref="Box"/>.</summary>
    private Tensor Matched(ModelRun run)
    {
        using var noGrad = no_grad();
        var b = Outputs.Boxes(run).detach();
        var g = tensor(Box.ToArray(), device: b.device).to(b.dtype);
        var ix = (minimum(b[.., .., 2], g[2]) - maximum(b[.., .., 0], g[0])).clamp_min(0);
        var iy = (minimum(b[.., .., 3], g[3]) - maximum(b[.., .., 1], g[1])).clamp_min(0);
        var inter = ix * iy;
        var area = (b[.., .., 2] - b[.., .., 0]).clamp_min(0) * (b[.., .., 3] - b[.., .., 1]).clamp_min(0);
        var union = area + ((g[2] - g[0]) * (g[3] - g[1])) - inter;
        return (inter / union.clamp_min(1e-9)).argmax(1);
    }

    private DetectionOutputs Outputs => _outputs ?? throw new InvalidOperationException("resolve the target against the model first");
}
