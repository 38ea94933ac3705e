using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Relevance;

/// <summary>
/// A rule of layer-wise relevance propagation for one linear layer: a modified pre-activation z̃ = Σᵢ zᵢⱼ + b̃ⱼ whose
/// terms share out the relevance of each output in proportion, Rᵢ = Σⱼ zᵢⱼ / stab(z̃ⱼ) · Rⱼ.
/// </summary>
/// <remarks>
/// Montavon et al., "Layer-Wise Relevance Propagation: An Overview", 2019, section 10.2 (https://doi.org/10.1007/978-3-030-28954-6_10):
/// every rule of the generic form is the gradient of z̃ wrt its inputs times those inputs, which is how
/// <see cref="RelevancePropagation"/> computes it.
/// </remarks>
public abstract class LrpRule
{
    /// <summary>The stabiliser of the denominators: stab(z) = z + ε·sign(z), with sign(0) = 1.</summary>
    public const float Stabilizer = 1e-6f;

    /// <summary>A short name with the rule's parameters, for help texts and reports (<c>gamma=0.25</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The ε of this rule's stabiliser.</summary>
    internal virtual float StabilizerEpsilon => Stabilizer;

    /// <summary>True for rules that read the input domain (bounds, constants) and so only apply to the layer that reads the network input.</summary>
    internal virtual bool InputLayerOnly => false;

    /// <summary>Σᵢ zᵢⱼ of z̃ (no bias), computed from <paramref name="inputs"/> so that relevance lands where it marks.</summary>
    internal abstract Tensor Contributions(LinearLayerCall call, RelevanceInputs inputs);

    /// <summary>
    /// The bias b̃ of z̃, per output channel [C] or per output value (the output's shape), or null: it absorbs relevance;
    /// rules that ignore the bias pass it all on.
    /// </summary>
    internal virtual Tensor? Bias(LinearLayerCall call) => null;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
