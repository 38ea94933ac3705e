namespace ConvLens.Models;

/// <summary>What kind of linear layer a <see cref="LinearLayerCall"/> is, which decides the relevance rule a composite gives it.</summary>
public enum LinearLayerKind
{
    /// <summary>A convolution (ONNX <c>Conv</c>, TorchSharp <c>Conv2d</c>).</summary>
    Convolution,

    /// <summary>A fully connected layer (ONNX <c>Gemm</c> or <c>MatMul</c> with a stored weight, TorchSharp <c>Linear</c>).</summary>
    Dense,

    /// <summary>An inference-mode batch normalisation: a per-channel scale and shift.</summary>
    BatchNorm,
}
