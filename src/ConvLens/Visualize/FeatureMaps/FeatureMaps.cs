using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.FeatureMaps;

/// <summary>Per-channel activation maps of one or more layers for one image, from a single forward pass.</summary>
public static class FeatureMaps
{
    /// <summary>Runs <paramref name="model"/> once on <paramref name="image"/> and returns the chosen channels of every layer.</summary>
    /// <param name="model">The network.</param>
    /// <param name="image">[3,H,W] or [1,3,H,W], float32, RGB in 0..1 (already at the size the caller wants).</param>
    /// <param name="layers">Layer names or aliases; each must output [1,C,H,W], [1,C], [1,H,W,C] or tokens [1,K+H*W,C].</param>
    /// <param name="selection">Which channels; all when null.</param>
    /// <param name="device">Device for the forward pass, or null for the model's.</param>
    /// <param name="layout">How token layers ([N,1+H*W,C], [N,H,W,C]) lie on a grid; null infers it from the shape and the image size.</param>
    /// <returns>One result per distinct layer, in request order.</returns>
    /// <exception cref="ConvLensException">A layer is unknown, has no channel dimension, or the range is out of bounds.</exception>
    /// <example><code>var maps = FeatureMaps.Compute(model, image, ["stage1", "stage3"], ChannelSelection.TopK(16));</code></example>
    public static IReadOnlyList<FeatureMapsResult> Compute(
        LoadedModel model, Tensor image, IReadOnlyList<string> layers, ChannelSelection? selection = null, Device? device = null, TokenLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ConvLensException("give at least one layer");
        }

        if (!(image.dim() == 3 || (image.dim() == 4 && image.shape[0] == 1)) || image.shape[^3] != 3)
        {
            throw new ConvLensException($"feature maps need one RGB image [3,H,W] or [1,3,H,W], got [{string.Join(",", image.shape)}]");
        }

        selection ??= ChannelSelection.All;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var canonical = layers.Select(model.ResolveLayer).Distinct(StringComparer.Ordinal).ToArray();
        var batch = (image.dim() == 3 ? image.unsqueeze(0) : image).to(device ?? model.Device);
        var run = model.Run(batch, canonical, needOutput: false);
        var (h, w) = ((int)batch.shape[2], (int)batch.shape[3]);
        return [.. canonical.Select(layer => Extract(model, layer, OnGrid(model, layer, run[layer], layout, h, w), selection))];
    }

    /// <summary>Fits <paramref name="image"/> to the model input size and computes its feature maps.</summary>
    /// <param name="model">The network.</param>
    /// <param name="image">A picture of any size; it is resized (and cropped) as the model's preprocessing says.</param>
    /// <param name="layers">Layer names or aliases.</param>
    /// <param name="selection">Which channels; all when null.</param>
    /// <param name="device">Device for the forward pass, or null for the model's.</param>
    /// <param name="layout">How token layers lie on a grid; null infers it.</param>
    public static IReadOnlyList<FeatureMapsResult> Compute(
        LoadedModel model, Imaging.RgbImage image, IReadOnlyList<string> layers, ChannelSelection? selection = null, Device? device = null, TokenLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        using var scope = NewDisposeScope();
        return Compute(model, ModelInput.FromPhoto(image, model.Preprocessing).Input, layers, selection, device, layout);
    }

    private static Tensor OnGrid(LoadedModel model, string layer, Tensor activation, TokenLayout? layout, int height, int width) =>
        activation.dim() is 3 or 4 && (layout ?? TokenLayout.Auto).Resolve(activation.shape, height, width, model.DisplayName(layer)) is { IsTokenLike: true } l
            ? l.ToGrid(activation)
            : activation;

    private static FeatureMapsResult Extract(LoadedModel model, string layer, Tensor activation, ChannelSelection selection)
    {
        var shape = activation.shape;
        if (shape.Length is not (2 or 4))
        {
            throw new ConvLensException($"layer '{model.DisplayName(layer)}' outputs [{string.Join(",", shape)}]; feature maps need [1,C,H,W], [1,C], [1,H,W,C] or tokens [1,K+H*W,C]");
        }

        var maps = (shape.Length == 4 ? activation[0] : activation[0].view(-1, 1, 1)).to(ScalarType.Float32).cpu().contiguous();
        var channels = (int)maps.shape[0];
        var height = (int)maps.shape[1];
        var width = (int)maps.shape[2];
        var flat = maps.view(channels, -1);
        var means = flat.to(ScalarType.Float64).mean([1]).data<double>().ToArray();
        var chosen = selection.Resolve(channels, means, model.DisplayName(layer));
        var values = flat.data<float>().ToArray();
        var plane = height * width;
        var result = new List<ChannelMap>(chosen.Length);
        foreach (var c in chosen)
        {
            var v = values.AsSpan(c * plane, plane).ToArray();
            result.Add(new ChannelMap
            {
                Channel = c,
                Values = v,
                Mean = means[c],
                Max = v.Max(),
                Min = v.Min(),
                FractionActive = v.Count(x => x > 0) / (double)plane,
            });
        }

        var (lo, hi) = flat.aminmax();
        return new FeatureMapsResult
        {
            Layer = layer,
            DisplayName = model.DisplayName(layer),
            ChannelCount = channels,
            Height = height,
            Width = width,
            LayerMin = lo.item<float>(),
            LayerMax = hi.item<float>(),
            MeanMap = maps.mean([0]).flatten().data<float>().ToArray(),
            Channels = result,
        };
    }
}
