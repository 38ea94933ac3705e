using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Relevance;

/// <summary>
/// LRP-z⁺: only contributions that push the output up count, z̃ = Σ w⁺x⁺ + w⁻x⁻, and the bias is ignored, so nothing is
/// absorbed (α1β0 for ReLU inputs).
/// </summary>
/// <remarks>Montavon et al., "Explaining nonlinear classification decisions with deep Taylor decomposition", Pattern Recognition 2017, https://doi.org/10.1016/j.patcog.2016.11.008.</remarks>
public sealed class ZPlusRule : LrpRule
{
    /// <inheritdoc/>
    public override string Name => "z-plus";

    /// <inheritdoc/>
    internal override Tensor Contributions(LinearLayerCall call, RelevanceInputs inputs)
    {
        var x = inputs.X;
        var positive = call.Apply(x.clamp_min(0), call.Weight.clamp_min(0));
        // After a ReLU there are no negative inputs: the second convolution would add zeros.
        return RelevanceInputs.IsNonNegative(x) ? positive : positive + call.Apply(x.clamp_max(0), call.Weight.clamp_max(0));
    }
}
