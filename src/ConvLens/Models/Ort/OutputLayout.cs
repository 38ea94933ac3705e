namespace ConvLens.Models.Ort;

/// <summary>The shape and element type of one session output for a given input shape.</summary>
internal sealed record OutputLayout(long[] Shape, TorchSharp.torch.ScalarType Type);
