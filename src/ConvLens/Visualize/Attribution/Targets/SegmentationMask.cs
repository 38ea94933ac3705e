using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>
/// The sum of class <see cref="Class"/>'s logits over the pixels predicted as that class (<c>mask:CLASS</c>), for
/// segmentation outputs [N,classes,H,W] (DeepLab, LRASPP, FCN).
/// </summary>
/// <remarks>The predicted mask (argmax over classes) is taken on detached logits, as pytorch-grad-cam's SemanticSegmentationTarget does.</remarks>
public sealed class SegmentationMask : ITarget
{
    /// <summary>Targets the pixels of class <paramref name="classIndex"/>.</summary>
    public SegmentationMask(long classIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        Class = classIndex;
    }

    /// <summary>The class.</summary>
    public long Class { get; }

    /// <inheritdoc/>
    public string Description => $"mask of class {Class}";

    /// <inheritdoc/>
    public IReadOnlyList<string> Layers => [];

    /// <inheritdoc/>
    public ITarget Resolve(LoadedModel model) => this;

    /// <inheritdoc/>
    public Tensor Score(ModelRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var output = run.Output ?? throw new ConvLensException("the run computed no model output, which this target needs");
        if (output.dim() != 4)
        {
            throw new ConvLensException($"target mask:{Class} needs a segmentation output [N,classes,H,W], but the model outputs [{string.Join(",", output.shape)}]");
        }

        TargetGuard.CheckIndex(Class, output.shape[1], "class index");
        var mask = output.detach().argmax(1).eq(Class).to(output.dtype);
        return (output[.., Class] * mask).sum([1, 2]);
    }
}
