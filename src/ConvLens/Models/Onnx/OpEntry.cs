namespace ConvLens.Models.Onnx;

/// <summary>One <see cref="OpRegistry"/> row: an op type from its since-version on, its implementation and its traits.</summary>
internal sealed record OpEntry(string Op, int Since, IOnnxOp Impl, OpTraits Traits = OpTraits.None);
