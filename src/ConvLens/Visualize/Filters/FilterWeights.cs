using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Filters;

/// <summary>Reads the kernels of a convolution layer as plain numbers for display.</summary>
public static class FilterWeights
{
    /// <summary>The first <paramref name="count"/> filters of the convolution that produces <paramref name="layer"/>.</summary>
    /// <param name="model">The network.</param>
    /// <param name="layer">Layer name or alias of a convolution (or one the model maps to its convolution).</param>
    /// <param name="count">Filters to return; all when null.</param>
    /// <exception cref="ConvLensException">The layer is unknown or has no convolution weight.</exception>
    /// <remarks>Kernels with 3 inputs of a model that takes BGR input are returned in RGB order.</remarks>
    public static FilterWeightsResult Compute(LoadedModel model, string layer, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layer);
        if (count is < 1)
        {
            throw new ConvLensException($"the filter count must be at least 1, got {count}");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var canonical = model.ResolveLayer(layer);
        var weight = model.ConvolutionWeight(canonical)
            ?? throw new ConvLensException($"layer '{layer}' of model '{model.Name}' is not a convolution; pick a layer that a convolution produces");
        if (weight.dim() != 4)
        {
            throw new ConvLensException($"layer '{layer}' has a weight of shape [{string.Join(",", weight.shape)}]; expected a 2-D convolution [out,in,kh,kw]");
        }

        var w = weight.to(ScalarType.Float32).cpu();
        if (w.shape[1] == 3 && model.Preprocessing.Order == ChannelOrder.Bgr)
        {
            // A 3-input kernel of a BGR model (Caffe, CNTK) reads blue first; flip it so tiles show the colours it responds to.
            w = w.flip(1);
        }

        w = w.contiguous();
        int outC = (int)w.shape[0], inC = (int)w.shape[1], kh = (int)w.shape[2], kw = (int)w.shape[3];
        var shown = Math.Min(count ?? outC, outC);
        var values = w.data<float>().ToArray();
        var perFilter = inC * kh * kw;
        var plane = kh * kw;
        var filters = new List<FilterKernel>(shown);
        for (var f = 0; f < shown; f++)
        {
            var k = values.AsSpan(f * perFilter, perFilter).ToArray();
            var inputNorms = new double[inC];
            for (var i = 0; i < inC; i++)
            {
                inputNorms[i] = Math.Sqrt(k.AsSpan(i * plane, plane).ToArray().Sum(v => (double)v * v));
            }

            filters.Add(new FilterKernel
            {
                Index = f,
                Weights = k,
                Norm = Math.Sqrt(inputNorms.Sum(n => n * n)),
                InputNorms = inputNorms,
            });
        }

        return new FilterWeightsResult
        {
            Layer = canonical,
            DisplayName = model.DisplayName(canonical),
            OutChannels = outC,
            InChannels = inC,
            KernelHeight = kh,
            KernelWidth = kw,
            MaxAbs = values.Length == 0 ? 0f : values.Max(MathF.Abs),
            Filters = filters,
        };
    }
}
