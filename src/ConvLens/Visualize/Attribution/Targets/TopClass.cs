using ConvLens.Models;
using ConvLens.Models.Onnx;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>
/// The logit of each image's own highest-scoring class; on a model with SSD/RetinaNet-style score and box outputs,
/// or on a YOLO output whose file says it detects (Ultralytics' metadata), the most confident detection
/// (<see cref="TopDetection"/>).
/// </summary>
public sealed class TopClass : ITarget
{
    /// <inheritdoc/>
    public string Description => "top class";

    /// <inheritdoc/>
    public IReadOnlyList<string> Layers => [];

    /// <inheritdoc/>
    /// <remarks>Only ONNX files have more than one output, so other models are not looked at (a forward pass).</remarks>
    public ITarget Resolve(LoadedModel model) =>
        (model is OnnxModel { OutputNames.Count: > 1 } && DetectionOutputs.TryFind(model) is { Format: DetectionFormat.ScoresAndBoxes })
        || (model is OnnxModel { Ultralytics.Task: "detect" } && DetectionOutputs.TryFind(model) is not null)
            ? new TopDetection().Resolve(model)
            : this;

    /// <summary>
    /// <paramref name="targets"/> with every <see cref="TopClass"/> replaced by the logit of the class that is top for
    /// <paramref name="image"/> (one image), found by a forward pass without gradients.
    /// </summary>
    public static IReadOnlyList<ITarget> Pinned(LoadedModel model, Tensor image, IReadOnlyList<ITarget> targets)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(targets);
        if (!targets.Any(t => t is TopClass))
        {
            return targets;
        }

        var top = Of(model, image)[0];
        return [.. targets.Select(t => t is TopClass ? new ClassLogit(top) : t)];
    }

    /// <summary>The top class of each of <paramref name="images"/>, from one forward pass without gradients.</summary>
    public static long[] Of(LoadedModel model, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return TargetGuard.FlatOutput(model.Run(images)).argmax(1).cpu().data<long>().ToArray();
    }

    /// <inheritdoc/>
    public Tensor? ClassOf(ModelRun run) => TargetGuard.FlatOutput(run).detach().argmax(1);

    /// <inheritdoc/>
    public Tensor Score(ModelRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var output = TargetGuard.FlatOutput(run);
        var top = output.detach().argmax(1, keepdim: true);
        return output.gather(1, top).squeeze(1);
    }
}
