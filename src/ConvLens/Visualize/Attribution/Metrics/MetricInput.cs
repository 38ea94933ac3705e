using ConvLens.Models;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>What a metric grades: one image, its map for one target, and what some metrics need besides.</summary>
public sealed class MetricInput
{
    private readonly Dictionary<string, object> _shared = new(StringComparer.Ordinal);

    /// <summary>The model.</summary>
    public required LoadedModel Model { get; init; }

    /// <summary>The image [1,3,H,W], float32, RGB in 0..1 (not disposed).</summary>
    public required Tensor Image { get; init; }

    /// <summary>The explanation: an H×W map of <see cref="Image"/> for <see cref="Target"/>.</summary>
    public required AttributionMap Map { get; init; }

    /// <summary>The explained score (resolved against <see cref="Model"/>).</summary>
    public required ITarget Target { get; init; }

    /// <summary>The object's region, H×W row-major (true inside), for the pointing games; null when unknown.</summary>
    public bool[]? Region { get; init; }

    /// <summary>Re-explains images [M,3,H,W] with the same method and target: M normalised maps of H×W (for max-sensitivity).</summary>
    public Func<Tensor, IReadOnlyList<float[]>>? Explain { get; init; }

    /// <summary>Seed of the random map and of every random draw.</summary>
    public long Seed { get; init; }

    /// <summary>Perturbed images per forward pass.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Map height.</summary>
    public int Height => Map.Height;

    /// <summary>Map width.</summary>
    public int Width => Map.Width;

    /// <summary>The seeded random map of this input: uniform values in [0,1), the same for every metric.</summary>
    public float[] RandomMap => Shared("random-map", () => RandomValues.Uniform(Height * Width, Seed));

    /// <summary>A value computed once per input and shared by metrics that need the same work (deletion and insertion).</summary>
    internal T Shared<T>(string key, Func<T> compute)
        where T : notnull
    {
        if (!_shared.TryGetValue(key, out var value))
        {
            value = compute();
            _shared[key] = value;
        }

        return (T)value;
    }

    /// <summary>Scores [M] of <see cref="Target"/> on images [M,3,H,W], in batches, without gradients.</summary>
    internal float[] Scores(Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var scores = new List<float>();
        var n = images.shape[0];
        var batch = Math.Max(1, BatchSize);
        for (long start = 0; start < n; start += batch)
        {
            using var step = NewDisposeScope();
            var x = images.narrow(0, start, Math.Min(batch, n - start)).to(Model.Device);
            scores.AddRange(Target.Score(Model.Run(x, Target.Layers)).to(float32).cpu().data<float>().ToArray());
        }

        return [.. scores];
    }

    /// <summary>The image as a flat [3·H·W] array on the host.</summary>
    internal float[] Pixels() => Shared("pixels", () =>
    {
        using var scope = NewDisposeScope();
        return Image.to(float32).cpu().contiguous().data<float>().ToArray();
    });

    internal RegionCheck RequireRegion(string metric) =>
        Region is { } r && r.Length == Height * Width
            ? new RegionCheck(r)
            : throw new ConvLensException($"metric '{metric}' needs the object's region (a box or mask for this image and class, e.g. --boxes FILE)");
}

/// <summary>A region known to have the map's size.</summary>
internal readonly record struct RegionCheck(bool[] Inside);
