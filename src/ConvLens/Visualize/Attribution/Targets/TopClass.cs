using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>The logit of each image's own highest-scoring class.</summary>
public sealed class TopClass : ITarget
{
    /// <inheritdoc/>
    public string Description => "top class";

    /// <inheritdoc/>
    public IReadOnlyList<string> Layers => [];

    /// <inheritdoc/>
    public ITarget Resolve(LoadedModel model) => this;

    /// <inheritdoc/>
    public Tensor Score(ModelRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var output = TargetGuard.FlatOutput(run);
        var top = output.detach().argmax(1, keepdim: true);
        return output.gather(1, top).squeeze(1);
    }
}
