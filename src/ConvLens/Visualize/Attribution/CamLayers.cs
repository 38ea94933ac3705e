using ConvLens.Models;
using ConvLens.Models.Onnx;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution;

/// <summary>Chooses and checks the layer a CAM method explains, and how its output lies on a grid.</summary>
internal static class CamLayers
{
    // Normalisation ops whose output is the usual CAM layer of a transformer block.
    private static readonly HashSet<string> s_norms = new(StringComparer.OrdinalIgnoreCase)
    {
        "LayerNormalization", "LayerNorm", "GroupNormalization", "RMSNormalization", "SimplifiedLayerNormalization", "BatchNormalization",
    };

    // Candidates whose gradient reach is tested when choosing a token model's default layer (a forward and backward each).
    private const int MaxReachTests = 6;

    // Describing layers costs a forward pass; the default layer per model and input size is computed once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LoadedModel, System.Collections.Concurrent.ConcurrentDictionary<(int, int), string>> s_defaults = [];

    /// <summary>The canonical layer for <paramref name="requested"/> (checked later by <see cref="Layout"/>), or the default when null.</summary>
    public static string Resolve(LoadedModel model, string? requested, int height, int width)
    {
        if (requested is not null)
        {
            return model.ResolveLayer(requested);
        }

        return s_defaults.GetOrCreateValue(model).GetOrAdd((height, width), _ =>
        {
            var layers = model.DescribeLayers(height, width);
            var spatial = Spatial(layers, height, width);
            return Default(model, spatial, height, width) ?? throw new ConvLensException($"model '{model.Name}' has no spatial layer to explain");
        });
    }

    /// <summary>
    /// The resolved layout of the CAM layer: its grid of positions. Throws a one-line error naming layers that would
    /// do when the output has no grid (an [N,C] layer, a 1x1 map, or tokens that fit no grid).
    /// </summary>
    public static TokenLayout Layout(LoadedModel model, string layer, Tensor activations, int height, int width, TokenLayout? requested)
    {
        TokenLayout? layout;
        try
        {
            layout = (requested ?? TokenLayout.Auto).Resolve(activations.shape, height, width, model.DisplayName(layer));
        }
        catch (ConvLensException e) when (requested is null || requested.Kind == LayerLayoutKind.Auto)
        {
            throw new ConvLensException($"{e.Message}; or pick another layer, e.g. {Suggest(model, Spatial(model.DescribeLayers(height, width), height, width))}", e);
        }

        if (layout is not null && (long)layout.Rows!.Value * layout.Columns!.Value > 1)
        {
            return layout;
        }

        var spatial = Spatial(model.DescribeLayers(height, width), height, width);
        var shape = $"[{string.Join(",", activations.shape)}]";
        throw new ConvLensException(
            $"layer '{model.DisplayName(layer)}' has no spatial extent (output {shape}); CAM methods need a layer with a grid of positions "
            + $"([N,C,H,W] with H*W > 1, [N,H,W,C] or tokens [N,K+H*W,C]), e.g. {Suggest(model, spatial)}");
    }

    // Layers are described for one image: a first dimension other than 1 is not per image (Swin's window partitions
    // [N*windows,h,w,C]), and integer values are indices or masks.
    private static List<LayerInfo> Spatial(IReadOnlyList<LayerInfo> layers, int height, int width) =>
        [.. layers.Where(l => l.IsFloatingPoint && l.OutputShape.Count > 0 && l.OutputShape[0] == 1 && TokenLayout.HasGrid(l.OutputShape, height, width))];

    private static long Area(LayerInfo l, int height, int width)
    {
        var layout = TokenLayout.Auto.Resolve(l.OutputShape, height, width, l.Name)!;
        return (long)layout.Rows!.Value * layout.Columns!.Value;
    }

    private static bool IsTokenLike(LayerInfo l, int height, int width) =>
        TokenLayout.Auto.Resolve(l.OutputShape, height, width, l.Name)!.IsTokenLike;

    /// <summary>
    /// CNNs: the last spatial layer before pooling: among layers with the smallest spatial grid above 1x1, the
    /// shallowest module path, last in order (a ResNet's <c>layer4</c> rather than <c>layer4.1.bn2</c>).
    /// Transformers (the last layer on the smallest grid is tokens or [N,H,W,C]): the last normalisation output
    /// whose every position reaches the output, i.e. the last block's norm (ViT's <c>ln_1</c>, since after the last
    /// attention only the class token is read; Swin's final norm). SSD/RetinaNet-style detectors: see
    /// <see cref="OnEveryScorePath"/>.
    /// </summary>
    private static string? Default(LoadedModel model, List<LayerInfo> spatial, int height, int width)
    {
        if (spatial.Count == 0)
        {
            return null;
        }

        if (OnEveryScorePath(model, spatial, height, width) is { } shared)
        {
            return shared;
        }

        var area = spatial.Min(l => Area(l, height, width));
        var smallest = spatial.Where(l => Area(l, height, width) == area).ToList();
        if (IsTokenLike(smallest[^1], height, width))
        {
            var tokens = smallest.Where(l => IsTokenLike(l, height, width)).ToList();
            var norms = tokens.Where(l => s_norms.Contains(l.Kind)).ToList();
            var candidates = (norms.Count > 0 ? norms : tokens).AsEnumerable().Reverse().Take(MaxReachTests).ToList();
            return candidates.FirstOrDefault(l => ReachesOutput(model, l, height, width))?.Name ?? candidates[0].Name;
        }

        var cnn = smallest.Where(l => !IsTokenLike(l, height, width)).ToList();
        var depth = cnn.Min(l => l.Name.Count(c => c == '.'));
        return cnn.Last(l => l.Name.Count(c => c == '.') == depth).Name;
    }

    /// <summary>
    /// Detectors (SSD/RetinaNet-style score and box outputs, or one YOLO-style output): the deepest [N,C,H,W] layer on
    /// every path from the input to the scores. The rule for CNNs would land on one feature level's branch (the smallest grid is the last
    /// level's), which the boxes of every other level do not depend on, so their scores would give it no gradient.
    /// </summary>
    private static string? OnEveryScorePath(LoadedModel model, List<LayerInfo> spatial, int height, int width)
    {
        if (model is not OnnxModel onnx || DetectionOutputs.TryFind(model) is not { } detector)
        {
            return null;
        }

        // One [N,A,B] output is also what a token model gives (ViT's [N,197,768]): normalised tokens mark a
        // transformer, which keeps its rule.
        if (detector.Format != DetectionFormat.ScoresAndBoxes && spatial.Any(l => s_norms.Contains(l.Kind) && IsTokenLike(l, height, width)))
        {
            return null;
        }

        var scores = detector.ScoresLayer ?? onnx.Graph.OutputNames.First();
        var maps = spatial.Where(l => l.IsSpatial && l.OutputShape.Count == 4 && !IsTokenLike(l, height, width)).Select(l => l.Name);
        return GraphCutPoints.OnEveryPath(onnx.Graph, scores, maps) is [.., var deepest] ? deepest : null;
    }

    /// <summary>True when the output's gradient reaches at least half of the layer's grid positions (not just a class token).</summary>
    private static bool ReachesOutput(LoadedModel model, LayerInfo layer, int height, int width)
    {
        if (model.Engine == ModelEngine.Ort)
        {
            // ONNX Runtime computes no gradients, and only gradient-free CAMs run there: any candidate has activations.
            return true;
        }

        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        using var generator = new Generator(0, model.Device);
        var x = rand([1, 3, height, width], device: model.Device, generator: generator).requires_grad_(true);
        var run = model.Run(x, [layer.Name]);
        var tap = run[layer.Name];
        // libtorch's error for an output without autograd history (an index, a constant) aborts the process.
        if (run.Output is null || !tap.requires_grad || !run.Output.requires_grad)
        {
            return false;
        }

        var g = autograd.grad([run.Output.sum()], [tap], allow_unused: true)[0];
        if (g is null || g.IsInvalid)
        {
            return false;
        }

        var layout = TokenLayout.Auto.Resolve(tap.shape, height, width, layer.Name)!;
        var perPosition = layout.ToGrid(g).abs().sum([0, 1]).flatten();
        var reached = perPosition.gt(0).sum().item<long>();
        return reached * 2 >= perPosition.numel();
    }

    private static string Suggest(LoadedModel model, List<LayerInfo> spatial)
    {
        var names = spatial.Select(l => model.DisplayName(l.Name)).ToList();
        var aliases = names.Where(model.Aliases.ContainsKey).ToList();
        var pick = aliases.Count > 0 ? aliases : names.TakeLast(5).ToList();
        return string.Join(", ", pick);
    }
}
