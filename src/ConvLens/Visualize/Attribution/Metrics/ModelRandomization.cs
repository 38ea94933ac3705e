using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>
/// The model-randomisation sanity check: weight layers are re-drawn at random one after another from the top (cascading),
/// and after each step the maps are compared with the trained model's by Spearman rank correlation and SSIM.
/// </summary>
/// <remarks>
/// Adebayo et al., "Sanity Checks for Saliency Maps", NeurIPS 2018, https://arxiv.org/abs/1810.03292, section 3.1. A
/// method whose maps stay alike while the weights they should explain are destroyed is explaining the input, not the
/// model. A "layer" is a parameter with two or more dimensions (a convolution or linear weight) with the one-dimensional
/// parameters after it (its bias, the BatchNorm scale and shift). Each parameter is replaced by normal noise with its own
/// standard deviation (seeded); BatchNorm running statistics (buffers) are kept. The weights are changed on a model that
/// <c>loadCopy</c> makes and this method disposes, never on the caller's model; it runs on libtorch (ONNX Runtime would
/// keep the file's weights). The first target of the request is explained.
/// </remarks>
public static class ModelRandomization
{
    /// <summary>Runs the check.</summary>
    /// <param name="loadCopy">Makes a fresh copy of the model (e.g. loads it again); called once.</param>
    /// <param name="images">[N,3,H,W], float32, RGB in 0..1; not disposed.</param>
    /// <param name="method">The attribution method under test.</param>
    /// <param name="request">Layer, target (the first one is used), batch size and seed.</param>
    /// <param name="maxSteps">Layers to randomise at most, from the top; null for all.</param>
    /// <param name="progress">Receives the number of finished steps (the trained model's maps are step 0).</param>
    /// <exception cref="ConvLensException">The copy has no weight layers, or the method fails on it.</exception>
    public static ModelRandomizationResult Run(Func<LoadedModel> loadCopy, Tensor images, IAttributionMethod method, AttributionRequest request, int? maxSteps = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(loadCopy);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        using var copy = loadCopy();
        copy.Engine = ModelEngine.Torch;
        var single = request with { Targets = [request.Targets[0]] };
        using var layerScope = NewDisposeScope();
        var layers = Layers(copy);
        if (layers.Count == 0)
        {
            throw new ConvLensException($"model '{copy.Name}' has no weight layers to randomise");
        }

        var original = Maps(copy, images, method, single);
        progress?.Report(0);
        var steps = new List<RandomizationStep>();
        using var generator = new Generator((ulong)request.Seed, copy.Device);
        var top = Enumerable.Reverse(layers).Take(maxSteps ?? layers.Count).ToList();
        for (var s = 0; s < top.Count; s++)
        {
            request.CancellationToken.ThrowIfCancellationRequested();
            Randomize(top[s].Parameters, generator);
            var maps = Maps(copy, images, method, single);
            var spearman = original.Zip(maps, (a, b) => MapSimilarity.Spearman(a.Values, b.Values)).Average();
            var ssim = original.Zip(maps, (a, b) => MapSimilarity.Ssim(a.Values, b.Values, a.Height, a.Width)).Average();
            steps.Add(new RandomizationStep(s + 1, top[s].Name, spearman, ssim, maps));
            progress?.Report(s + 1);
        }

        return new ModelRandomizationResult(method.Id, original.Count > 0 ? original[0].Target : string.Empty, original, steps, layers.Count);
    }

    /// <summary>How many weight layers <paramref name="model"/> has (the steps of a full run).</summary>
    public static int CountLayers(LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        return Layers(model).Count;
    }

    /// <summary>
    /// The model's weight layers in execution order: each ≥2-D parameter with the 1-D parameters that follow it, named
    /// and ordered by the convolution layer that uses it when the model tells (<see cref="LoadedModel.ConvolutionWeight"/>;
    /// ONNX initializers are not stored in graph order), else by parameter order.
    /// </summary>
    internal static IReadOnlyList<(string Name, IReadOnlyList<TorchSharp.Modules.Parameter> Parameters)> Layers(LoadedModel model)
    {
        var layers = new List<(string Name, List<TorchSharp.Modules.Parameter> Parameters)>();
        var leading = new List<TorchSharp.Modules.Parameter>();
        foreach (var (name, p) in model.NamedParameters())
        {
            if (p.dim() >= 2)
            {
                layers.Add((name.EndsWith(".weight", StringComparison.Ordinal) ? name[..^".weight".Length] : name, [.. leading, p]));
                leading.Clear();
            }
            else if (layers.Count > 0)
            {
                layers[^1].Parameters.Add(p);
            }
            else
            {
                leading.Add(p);
            }
        }

        var users = ConvolutionUsers(model);
        return [.. layers
            .Select((l, i) => (Layer: l, Use: users.FirstOrDefault(u => u.Weight.shape.SequenceEqual(l.Parameters.First(p => p.dim() >= 2).shape) && u.Weight.allclose(l.Parameters.First(p => p.dim() >= 2), rtol: 0, atol: 0)), Index: i))
            .OrderBy(x => x.Use.Weight is null ? int.MaxValue : x.Use.Order).ThenBy(x => x.Index)
            .Select(x => (x.Use.Weight is null ? x.Layer.Name : model.DisplayName(x.Use.Layer), (IReadOnlyList<TorchSharp.Modules.Parameter>)x.Layer.Parameters))];
    }

    private static List<(int Order, string Layer, Tensor Weight)> ConvolutionUsers(LoadedModel model)
    {
        var users = new List<(int, string, Tensor)>();
        for (var i = 0; i < model.LayerNames.Count; i++)
        {
            if (model.ConvolutionWeight(model.LayerNames[i]) is { } w)
            {
                users.Add((i, model.LayerNames[i], w));
            }
        }

        return users;
    }

    private static void Randomize(IReadOnlyList<TorchSharp.Modules.Parameter> parameters, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var p in parameters)
        {
            var std = p.numel() > 1 ? p.std() : p.abs();
            p.copy_(randn(p.shape, generator: generator, device: p.device) * std);
        }
    }

    private static List<AttributionMap> Maps(LoadedModel model, Tensor images, IAttributionMethod method, AttributionRequest request)
    {
        var result = method.Explain(model, images, request);
        return [.. Enumerable.Range(0, result.ImageCount).Select(i => result[i, 0])];
    }
}
