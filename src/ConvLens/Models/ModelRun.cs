using static TorchSharp.torch;

namespace ConvLens.Models;

/// <summary>The result of one forward pass: the model output (if computed) and the requested taps.</summary>
/// <remarks>The tensors belong to the caller's dispose scope and stay in the autograd graph.</remarks>
public sealed class ModelRun
{
    /// <summary>Creates a run result.</summary>
    public ModelRun(Tensor? output, IReadOnlyDictionary<string, Tensor> taps)
    {
        Output = output;
        Taps = taps;
    }

    /// <summary>The model output, or null when the run stopped at the last requested tap.</summary>
    public Tensor? Output { get; }

    /// <summary>Requested intermediate values by canonical layer name.</summary>
    public IReadOnlyDictionary<string, Tensor> Taps { get; }

    /// <summary>The tapped value of <paramref name="layer"/> (canonical name).</summary>
    public Tensor this[string layer] => Taps.TryGetValue(layer, out var t)
        ? t
        : throw new ConvLensException($"layer '{layer}' was not tapped in this run; tapped: {string.Join(", ", Taps.Keys)}");
}
