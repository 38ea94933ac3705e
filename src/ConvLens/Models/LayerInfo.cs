namespace ConvLens.Models;

/// <summary>One tappable layer of a model, described for a given input size.</summary>
/// <param name="Name">Canonical name: the ONNX value name or the dotted module path.</param>
/// <param name="Alias">A short friendly name (e.g. "stage3"), or null.</param>
/// <param name="Kind">The op or module type that produces it (e.g. "Conv", "Relu", "BasicBlock").</param>
/// <param name="OutputShape">Output shape for a batch of one at the described input size.</param>
/// <param name="ParameterCount">Parameters owned by the producing op or module (not its children).</param>
/// <param name="ReceptiveField">Receptive field in input pixels, when it can be derived, else null.</param>
/// <param name="Stride">Accumulated stride (jump) in input pixels, when it can be derived, else null.</param>
/// <param name="IsFloatingPoint">False for integer or boolean values (indices, masks), which no method can explain.</param>
public sealed record LayerInfo(
    string Name,
    string? Alias,
    string Kind,
    IReadOnlyList<long> OutputShape,
    long ParameterCount,
    int? ReceptiveField = null,
    int? Stride = null,
    bool IsFloatingPoint = true)
{
    /// <summary>True when the output has channels and a spatial extent ([N,C,H,W]).</summary>
    public bool IsSpatial => OutputShape.Count == 4;
}
