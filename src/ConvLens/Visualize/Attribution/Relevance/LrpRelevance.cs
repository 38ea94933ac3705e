using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Relevance;

/// <summary>What layer-wise relevance propagation gave for one target on a batch of images.</summary>
/// <param name="Input">Relevance of each value of the model input as the first layer read it (after preprocessing), [N,C,H,W], in the caller's dispose scope.</param>
/// <param name="Scores">The target's score per image: the relevance put in at the top.</param>
/// <param name="InputSums">Σ of <paramref name="Input"/> per image.</param>
/// <param name="BiasSums">Relevance absorbed by the biases per image (0 for rules that ignore them).</param>
/// <param name="RuledLayers">The layers whose rule was applied, in execution order.</param>
public sealed record LrpRelevance(Tensor Input, float[] Scores, float[] InputSums, float[] BiasSums, IReadOnlyList<string> RuledLayers)
{
    /// <summary>(input + bias relevance) / score per image: 1 when propagation conserved relevance; what is missing went to stabilisers or to ops without a rule.</summary>
    public IReadOnlyList<double> Conservation => [.. Scores.Select((s, i) => (InputSums[i] + (double)BiasSums[i]) / s)];
}
