using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>The softmax probability of one class (the score the RISE and Grad-CAM++ metrics use).</summary>
public sealed class ClassProbability : ITarget
{
    /// <summary>Targets class <paramref name="classIndex"/>.</summary>
    public ClassProbability(long classIndex) => ClassIndex = classIndex;

    /// <summary>The targeted class.</summary>
    public long ClassIndex { get; }

    /// <inheritdoc/>
    public string Description => $"p(class {ClassIndex})";

    /// <inheritdoc/>
    public IReadOnlyList<string> Layers => [];

    /// <inheritdoc/>
    public ITarget Resolve(LoadedModel model) => this;

    /// <inheritdoc/>
    public Tensor Score(ModelRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var output = TargetGuard.FlatOutput(run);
        TargetGuard.CheckIndex(ClassIndex, output.shape[1], "class index");
        return nn.functional.softmax(output, 1)[.., ClassIndex];
    }
}
