using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>The raw value of one output (regression models, or one element of an embedding).</summary>
public sealed class RegressionOutput : ITarget
{
    /// <summary>Targets output element <paramref name="index"/> of the flattened output.</summary>
    public RegressionOutput(long index = 0) => Index = index;

    /// <summary>The index in the flattened output.</summary>
    public long Index { get; }

    /// <inheritdoc/>
    public string Description => $"output {Index}";

    /// <inheritdoc/>
    public IReadOnlyList<string> Layers => [];

    /// <inheritdoc/>
    public ITarget Resolve(LoadedModel model) => this;

    /// <inheritdoc/>
    public Tensor Score(ModelRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var output = TargetGuard.FlatOutput(run);
        TargetGuard.CheckIndex(Index, output.shape[1], "output index");
        return output[.., Index];
    }
}
