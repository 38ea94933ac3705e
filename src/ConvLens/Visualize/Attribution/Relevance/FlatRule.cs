using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Relevance;

/// <summary>
/// LRP-flat for the layer that reads pixels: every input in an output's window gets an equal share, whatever the
/// input and weight (z̃ = Σ 1·1), so the map shows where the layer above looked, not the pixel values.
/// </summary>
/// <remarks>Lapuschkin et al., "Unmasking Clever Hans predictors", Nature Communications 2019, https://doi.org/10.1038/s41467-019-08987-4 (the flat rule of the composite used there).</remarks>
public sealed class FlatRule : LrpRule
{
    /// <inheritdoc/>
    public override string Name => "flat";

    /// <inheritdoc/>
    internal override bool InputLayerOnly => true;

    /// <inheritdoc/>
    internal override Tensor Contributions(LinearLayerCall call, RelevanceInputs inputs) =>
        call.Apply(inputs.Constant(ones_like(call.Input)), ones_like(call.Weight));
}
