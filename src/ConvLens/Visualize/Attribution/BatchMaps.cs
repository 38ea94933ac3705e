using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution;

/// <summary>What a method computes for one batch: raw maps [T,N,H,W] and target scores [T,N].</summary>
internal readonly record struct BatchMaps(Tensor Raw, Tensor Scores);
