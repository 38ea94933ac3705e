using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Statistics;

/// <summary>Per-channel weight facts that hint at dead filters without data: kernel L2 norms and BatchNorm γ.</summary>
/// <param name="KernelNorms">L2 norm of each output channel's kernel, or null when the layer has no convolution weight.</param>
/// <param name="BatchNormGamma">The BatchNorm scale per channel, or null when none is found.</param>
public sealed record WeightHints(IReadOnlyList<double>? KernelNorms, IReadOnlyList<double>? BatchNormGamma)
{
    /// <summary>Reads the hints for <paramref name="layer"/> of <paramref name="model"/>.</summary>
    /// <remarks>
    /// Kernel norms come from <see cref="LoadedModel.ConvolutionWeight"/>; γ from a one-dimensional parameter
    /// named "LAYER.weight" of the right length (a BatchNorm layer addressed directly).
    /// </remarks>
    public static WeightHints FromModel(LoadedModel model, string layer, int channels)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var canonical = model.ResolveLayer(layer);
        double[]? norms = null;
        var weight = model.ConvolutionWeight(canonical);
        if (weight is not null && weight.shape[0] == channels)
        {
            norms = weight.to(ScalarType.Float64).flatten(1).norm(1).cpu().data<double>().ToArray();
        }

        double[]? gamma = null;
        var candidate = model.BatchNormScale(canonical)
            ?? model.NamedParameters().FirstOrDefault(p => p.Name == canonical + ".weight").Parameter;
        if (candidate is not null && candidate.dim() == 1 && candidate.shape[0] == channels)
        {
            gamma = candidate.detach().to(ScalarType.Float64).cpu().data<double>().ToArray();
        }

        return new WeightHints(norms, gamma);
    }
}
