using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution;

/// <summary>
/// What a method computes for one batch: raw maps [T,N,H,W], target scores [T,N] and, when the method knows them, the
/// classes the targets stood for [T,N] (int64) and warnings per map (index t * N + i; null for none).
/// </summary>
internal readonly record struct BatchMaps(Tensor Raw, Tensor Scores, Tensor? Classes = null, IReadOnlyList<string?>? Warnings = null);
