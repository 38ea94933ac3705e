using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>The raw logit of one class, or the sum of the logits of several classes (multi-label).</summary>
public sealed class ClassLogit : ITarget
{
    private readonly long[] _classes;

    /// <summary>Targets the given class indices (their logits are summed).</summary>
    /// <exception cref="ArgumentException">No class given.</exception>
    public ClassLogit(params long[] classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Length == 0)
        {
            throw new ArgumentException("at least one class index is needed", nameof(classes));
        }

        _classes = [.. classes];
    }

    /// <summary>The targeted class indices.</summary>
    public IReadOnlyList<long> Classes => _classes;

    /// <inheritdoc/>
    public string Description => _classes.Length == 1 ? $"class {_classes[0]}" : $"classes {string.Join("+", _classes)}";

    /// <inheritdoc/>
    public IReadOnlyList<string> Layers => [];

    /// <inheritdoc/>
    public ITarget Resolve(LoadedModel model) => this;

    /// <inheritdoc/>
    public Tensor Score(ModelRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var output = TargetGuard.FlatOutput(run);
        foreach (var c in _classes)
        {
            TargetGuard.CheckIndex(c, output.shape[1], "class index");
        }

        return output.index_select(1, tensor(_classes, device: output.device)).sum(1);
    }
}
