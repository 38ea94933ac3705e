using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>What an <see cref="Objective"/> can read during one forward pass: layer activations, the output and the images.</summary>
/// <remarks>All tensors belong to the current step's dispose scope and are in the autograd graph.</remarks>
public sealed class ObjectiveContext
{
    private readonly ModelRun _run;

    /// <summary>Creates a context over one model run.</summary>
    /// <param name="run">The forward pass with the objective's layers tapped under the names the objective uses.</param>
    /// <param name="input">[N,3,H,W] RGB 0..1: what the model saw (after transforms).</param>
    /// <param name="image">[N,3,H,W] RGB 0..1: the rendered image before transforms.</param>
    public ObjectiveContext(ModelRun run, Tensor input, Tensor image)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(image);
        _run = run;
        Input = input;
        Image = image;
    }

    /// <summary>[N,3,H,W] RGB 0..1 as fed to the model, after transforms.</summary>
    public Tensor Input { get; }

    /// <summary>[N,3,H,W] RGB 0..1 as rendered by the parameterization, before transforms (penalties read this).</summary>
    public Tensor Image { get; }

    /// <summary>The batch size N.</summary>
    public long BatchSize => Input.shape[0];

    /// <summary>The model output; the objective must have declared <see cref="Objective.NeedsOutput"/>.</summary>
    /// <exception cref="ConvLensException">The run stopped before the output.</exception>
    public Tensor Output => _run.Output ?? throw new ConvLensException("this objective reads the model output, but the run stopped at the last tap");

    /// <summary>The activation of a layer (canonical name or alias) that the objective declared.</summary>
    public Tensor Activation(string layer) => _run[layer];
}
