using ConvLens.Models;

namespace ConvLens.Visualize.Attribution.Relevance;

/// <summary>
/// Which rule each linear layer gets: one for the layer that reads the network input, one per layer kind. Batch
/// normalisations that follow a convolution are folded into it first (canonization) and take the convolution's rule.
/// </summary>
/// <remarks>
/// The named composites are those of zennit (Anders et al., https://arxiv.org/abs/2106.13200, <c>zennit.composites</c>)
/// and of Montavon et al. 2019, section 10.3: ε near the output, γ or z⁺ in the convolutions, a box or flat rule on pixels.
/// </remarks>
public sealed record LrpComposite(string Id, string Description, LrpRule InputLayer, LrpRule Convolution, LrpRule Dense, LrpRule BatchNorm)
{
    /// <summary>LRP-ε everywhere (with a small ε, LRP-0: input × gradient for ReLU networks without biases).</summary>
    public static LrpComposite Epsilon { get; } = new("epsilon", "LRP-ε in every layer", new EpsilonRule(), new EpsilonRule(), new EpsilonRule(), new EpsilonRule());

    /// <summary>z⁺ in convolutions (also on pixels), ε in dense layers.</summary>
    public static LrpComposite EpsilonPlus { get; } = new("epsilon-plus", "z+ in convolutions, ε in dense layers", new ZPlusRule(), new ZPlusRule(), new EpsilonRule(), new EpsilonRule());

    /// <summary>zᴮ on pixels, γ = 0.25 in convolutions, ε in dense layers: the composite recommended for VGG/ResNet-like networks.</summary>
    public static LrpComposite EpsilonGammaBox { get; } = new("epsilon-gamma-box", "z-box on pixels, γ=0.25 in convolutions, ε in dense layers", new ZBoxRule(), new GammaRule(), new EpsilonRule(), new EpsilonRule());

    /// <summary>Flat on pixels, z⁺ in convolutions, ε in dense layers.</summary>
    public static LrpComposite EpsilonPlusFlat { get; } = new("epsilon-plus-flat", "flat on pixels, z+ in convolutions, ε in dense layers", new FlatRule(), new ZPlusRule(), new EpsilonRule(), new EpsilonRule());

    /// <summary>The named composites, in the order help texts list them.</summary>
    public static IReadOnlyList<LrpComposite> All { get; } = [Epsilon, EpsilonPlus, EpsilonGammaBox, EpsilonPlusFlat];

    /// <summary>The rule for a layer of <paramref name="kind"/>; <paramref name="readsInput"/> for the layer that reads the network input.</summary>
    public LrpRule RuleFor(LinearLayerKind kind, bool readsInput) => readsInput ? InputLayer : kind switch
    {
        LinearLayerKind.Convolution => Convolution,
        LinearLayerKind.Dense => Dense,
        _ => BatchNorm,
    };
}
