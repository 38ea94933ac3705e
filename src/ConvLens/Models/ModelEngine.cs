namespace ConvLens.Models;

/// <summary>Which engine runs a model's forward passes (<see cref="LoadedModel.Engine"/>).</summary>
public enum ModelEngine
{
    /// <summary>
    /// ONNX Runtime for runs that cannot need a gradient (inside <c>no_grad</c>, no overrides) of an ONNX model on the
    /// CPU; libtorch for everything else. Both give the same values (within 1e-5 relative).
    /// </summary>
    Auto,

    /// <summary>Always libtorch (TorchSharp): gradients, overrides and taps on every model.</summary>
    Torch,

    /// <summary>Always ONNX Runtime: only ONNX models, and a run that needs a gradient or an override fails.</summary>
    Ort,
}
