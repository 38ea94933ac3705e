using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>What an <see cref="Objective"/> can read during one forward pass: layer activations, the output and the images.</summary>
/// <remarks>All tensors belong to the current step's dispose scope and are in the autograd graph.</remarks>
public sealed class ObjectiveContext
{
    private readonly ModelRun _run;
    private readonly TokenLayout _layout;

    /// <summary>Creates a context over one model run.</summary>
    /// <param name="run">The forward pass with the objective's layers tapped under the names the objective uses.</param>
    /// <param name="input">[N,3,H,W] RGB 0..1: what the model saw (after transforms).</param>
    /// <param name="image">[N,3,H,W] RGB 0..1: the rendered image before transforms.</param>
    /// <param name="layout">How token layers lie on a grid; null infers it from each layer's shape and the input size.</param>
    public ObjectiveContext(ModelRun run, Tensor input, Tensor image, TokenLayout? layout = null)
    {
        _layout = layout ?? TokenLayout.Auto;
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

    /// <summary>The activation of a layer (canonical name or alias) that the objective declared, as [N,C,H,W] or [N,C].</summary>
    /// <remarks>Token layers ([N,1+H*W,C], [N,H,W,C]) come laid on their grid, so channel objectives read token channels.</remarks>
    /// <exception cref="ConvLensException">A 3-D layer whose tokens fit no grid.</exception>
    public Tensor Activation(string layer)
    {
        var a = _run[layer];
        return a.dim() is 3 or 4 && _layout.Resolve(a.shape, (int)Input.shape[2], (int)Input.shape[3], layer) is { IsTokenLike: true } l ? l.ToGrid(a) : a;
    }
}
