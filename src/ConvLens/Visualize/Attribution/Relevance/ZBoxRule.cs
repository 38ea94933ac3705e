using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Relevance;

/// <summary>
/// LRP-zᴮ for the layer that reads pixels: z̃ = Σ (w x − w⁺ l − w⁻ h) with l and h the lowest and highest values a pixel
/// can take after the model's preprocessing; relevance lands on x, l and h and nothing is absorbed.
/// </summary>
/// <remarks>Montavon et al. 2017 (deep Taylor decomposition), table 1, the zᴮ rule.</remarks>
public sealed class ZBoxRule : LrpRule
{
    /// <inheritdoc/>
    public override string Name => "z-box";

    /// <inheritdoc/>
    internal override bool InputLayerOnly => true;

    /// <inheritdoc/>
    internal override Tensor Contributions(LinearLayerCall call, RelevanceInputs inputs)
    {
        if (inputs.Lower is null || inputs.Upper is null || !inputs.Lower.shape.SequenceEqual(call.Input.shape))
        {
            throw new ConvLensException(
                $"the z-box rule needs the first layer ('{call.Layer}') to read the preprocessed image, but its input is [{string.Join(",", call.Input.shape)}]; use a composite without a box rule (epsilon-plus)");
        }

        var low = inputs.Constant(inputs.Lower);
        var high = inputs.Constant(inputs.Upper);
        return call.Apply(inputs.X, call.Weight) - call.Apply(low, call.Weight.clamp_min(0)) - call.Apply(high, call.Weight.clamp_max(0));
    }
}
