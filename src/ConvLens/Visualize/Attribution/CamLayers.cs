using ConvLens.Models;

namespace ConvLens.Visualize.Attribution;

/// <summary>Chooses and checks the layer a CAM method explains.</summary>
internal static class CamLayers
{
    // Describing layers costs a forward pass; the default layer per model and input size is computed once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LoadedModel, System.Collections.Concurrent.ConcurrentDictionary<(int, int), string>> s_defaults = [];

    /// <summary>The canonical layer for <paramref name="requested"/> (checked later by <see cref="Check"/>), or the default when null.</summary>
    public static string Resolve(LoadedModel model, string? requested, int height, int width)
    {
        if (requested is not null)
        {
            return model.ResolveLayer(requested);
        }

        return s_defaults.GetOrCreateValue(model).GetOrAdd((height, width), _ =>
        {
            var spatial = Spatial(model.DescribeLayers(height, width));
            return Default(spatial) ?? throw new ConvLensException($"model '{model.Name}' has no spatial layer to explain");
        });
    }

    /// <summary>Throws a one-line error naming spatial layers when <paramref name="activations"/> is not [N,C,h,w] with h*w &gt; 1.</summary>
    public static void Check(LoadedModel model, string layer, TorchSharp.torch.Tensor activations, int height, int width)
    {
        if (activations.dim() == 4 && activations.shape[2] * activations.shape[3] > 1)
        {
            return;
        }

        var spatial = Spatial(model.DescribeLayers(height, width));
        var shape = $"[{string.Join(",", activations.shape)}]";
        throw new ConvLensException(
            $"layer '{model.DisplayName(layer)}' has no spatial extent (output {shape}); CAM methods need an [N,C,H,W] layer with H*W > 1, e.g. {Suggest(model, spatial)}");
    }

    private static List<LayerInfo> Spatial(IReadOnlyList<LayerInfo> layers) =>
        [.. layers.Where(l => l.IsSpatial && l.OutputShape[2] * l.OutputShape[3] > 1)];

    /// <summary>
    /// The last spatial layer before pooling: among layers with the smallest spatial grid above 1x1, the
    /// shallowest module path, last in order (a ResNet's <c>layer4</c> rather than <c>layer4.1.bn2</c>).
    /// </summary>
    private static string? Default(List<LayerInfo> spatial)
    {
        if (spatial.Count == 0)
        {
            return null;
        }

        var area = spatial.Min(l => l.OutputShape[2] * l.OutputShape[3]);
        var smallest = spatial.Where(l => l.OutputShape[2] * l.OutputShape[3] == area).ToList();
        var depth = smallest.Min(l => l.Name.Count(c => c == '.'));
        return smallest.Last(l => l.Name.Count(c => c == '.') == depth).Name;
    }

    private static string Suggest(LoadedModel model, List<LayerInfo> spatial)
    {
        var names = spatial.Select(l => model.DisplayName(l.Name)).ToList();
        var aliases = names.Where(model.Aliases.ContainsKey).ToList();
        var pick = aliases.Count > 0 ? aliases : names.TakeLast(5).ToList();
        return string.Join(", ", pick);
    }
}
