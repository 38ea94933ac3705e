using static TorchSharp.torch;

namespace ConvLens.Models;

/// <summary>
/// Substitutions applied during one run: replace a layer's output (ablation, masking), every ReLU
/// (guided backpropagation's custom backward) or every linear layer (relevance propagation's rules).
/// </summary>
/// <remarks>Every model honours them (<see cref="LoadedModel.Run"/>).</remarks>
public sealed record RunOverrides
{
    /// <summary>Functions applied to the outputs of layers (canonical names or aliases) before the rest of the network sees them.</summary>
    public IReadOnlyDictionary<string, Func<Tensor, Tensor>> LayerOutputs { get; init; } = new Dictionary<string, Func<Tensor, Tensor>>();

    /// <summary>Applied to the output of every ReLU (it receives the ReLU's output); null leaves ReLUs alone.</summary>
    public Func<Tensor, Tensor>? Relu { get; init; }

    /// <summary>
    /// Applied to every convolution, dense layer and batch normalisation as it runs, in execution order: it receives the
    /// call and returns the output the rest of the network sees; null leaves them alone.
    /// </summary>
    public Func<LinearLayerCall, Tensor>? LinearLayers { get; init; }
}
