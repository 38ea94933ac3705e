using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Relevance;

/// <summary>LRP-ε: z̃ = z, stabilised by ε·sign(z); the bias and ε absorb some relevance. ε = 0 is LRP-0.</summary>
/// <remarks>Montavon et al. 2019, eq. 3 (LRP-ε); Bach et al., PLOS ONE 2015, https://doi.org/10.1371/journal.pone.0130140.</remarks>
public sealed class EpsilonRule(float epsilon = 1e-6f) : LrpRule
{
    /// <summary>ε, added with the sign of z̃ to every denominator.</summary>
    public float Epsilon { get; } = epsilon >= 0 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be at least 0");

    /// <inheritdoc/>
    public override string Name => FormattableString.Invariant($"epsilon={Epsilon:G3}");

    /// <inheritdoc/>
    internal override float StabilizerEpsilon => Epsilon;

    /// <inheritdoc/>
    /// <remarks>Inside the network z̃ is the layer's own output, so the rule costs no second convolution.</remarks>
    internal override Tensor Contributions(LinearLayerCall call, RelevanceInputs inputs) =>
        inputs.IsInputLayer ? call.Apply(inputs.X, call.Weight) : call.Unbiased();

    /// <inheritdoc/>
    internal override Tensor? Bias(LinearLayerCall call) => call.Bias;
}
