using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>The scalar per image that an attribution method explains.</summary>
public interface ITarget
{
    /// <summary>A short label for reports (e.g. "class 3 (circle)").</summary>
    string Description { get; }

    /// <summary>Canonical names of the layers <see cref="Score"/> reads besides the output (empty for output targets).</summary>
    IReadOnlyList<string> Layers { get; }

    /// <summary>Returns this target with layer names resolved against <paramref name="model"/> (aliases to canonical names).</summary>
    /// <exception cref="ConvLensException">A layer is unknown.</exception>
    ITarget Resolve(LoadedModel model);

    /// <summary>The differentiable score of every image.</summary>
    /// <param name="run">A run that computed the output and tapped <see cref="Layers"/>.</param>
    /// <returns>[N] scores in the run's dispose scope.</returns>
    /// <exception cref="ConvLensException">An index is out of range for the output or layer.</exception>
    Tensor Score(ModelRun run);

    /// <summary>The class each image's score is of [N] (int64), when the target chooses it per image (the top class); null otherwise.</summary>
    /// <param name="run">The run <see cref="Score"/> was computed from.</param>
    Tensor? ClassOf(ModelRun run) => null;
}
