using ConvLens.Models;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution;

/// <summary>
/// The shared plumbing of every attribution method: argument checks, layer resolution, batching, dispose
/// scopes, progress and cancellation, normalisation and the conversion to managed maps. Leaves compute raw maps.
/// </summary>
public abstract class AttributionMethod : IAttributionMethod
{
    /// <inheritdoc/>
    public abstract string Id { get; }

    /// <inheritdoc/>
    public abstract string DisplayName { get; }

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <inheritdoc/>
    public virtual bool UsesGradients => true;

    /// <inheritdoc/>
    public virtual bool RequiresLayer => false;

    /// <inheritdoc/>
    public virtual bool SupportsBatch => true;

    /// <summary>
    /// True for methods that score inputs other than the images they explain (masked, occluded, noisy, interpolated or
    /// augmented copies, or the network with a layer ablated). A "top class" target is then pinned to each image's own
    /// top class first; otherwise every copy would be scored on its own top class.
    /// </summary>
    internal virtual bool ScoresOtherInputs => false;

    /// <inheritdoc/>
    public AttributionResult Explain(LoadedModel model, Tensor images, AttributionRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(request);
        if (images.dim() != 4 || images.shape[1] != 3)
        {
            throw new ConvLensException($"images must be [N,3,H,W] RGB in 0..1, got [{string.Join(",", images.shape)}]");
        }

        if (request.Targets.Count == 0)
        {
            throw new ConvLensException("no target given: pass at least one (e.g. the top class)");
        }

        using var scope = NewDisposeScope();
        var n = (int)images.shape[0];
        var h = (int)images.shape[2];
        var w = (int)images.shape[3];
        var targets = request.Targets.Select(t => t.Resolve(model)).ToArray();
        var layer = RequiresLayer
            ? CamLayers.Resolve(model, request.Layer, h, w)
            : request.Layer is null ? null : model.ResolveLayer(request.Layer);
        using var generator = new Generator((ulong)request.Seed, model.Device);
        var maps = new AttributionMap[n * targets.Length];
        var pin = ScoresOtherInputs && targets.Any(t => t is TopClass);
        var chunk = SupportsBatch && !pin ? Math.Max(1, request.BatchSize) : 1;
        for (var start = 0; start < n; start += chunk)
        {
            request.CancellationToken.ThrowIfCancellationRequested();
            using var step = NewDisposeScope();
            var count = Math.Min(chunk, n - start);
            var x = images[start..(start + count)].to(float32).to(model.Device).detach();
            var batch = new AttributionBatch(model, x, pin ? TopClass.Pinned(model, x, targets) : targets, layer, request, generator);
            var result = Compute(batch);
            var raw = result.Raw.detach().to(float32).cpu().contiguous();
            var scores = result.Scores.detach().to(float32).cpu().contiguous().data<float>().ToArray();
            var rawData = raw.data<float>().ToArray();
            var magnitude = Magnitude(raw).contiguous().data<float>().ToArray();
            var classes = result.Classes?.to(int64).cpu().contiguous().data<long>().ToArray();
            for (var t = 0; t < targets.Length; t++)
            {
                for (var i = 0; i < count; i++)
                {
                    var offset = ((t * count) + i) * h * w;
                    var rawMap = rawData.AsSpan(offset, h * w).ToArray();
                    var (values, warning) = Normalise(magnitude.AsSpan(offset, h * w));
                    warning ??= result.Warnings?[(t * count) + i];
                    maps[((start + i) * targets.Length) + t] = new AttributionMap(
                        start + i, t, targets[t].Description, scores[(t * count) + i], h, w, values, rawMap, warning)
                    {
                        Class = classes?[(t * count) + i],
                    };
                }
            }

            request.Progress?.Report(start + count);
        }

        return new AttributionResult(Id, layer, n, targets.Length, maps);
    }

    /// <summary>Raw maps [T,N,H,W] at the input size and scores [T,N] for one batch.</summary>
    internal abstract BatchMaps Compute(AttributionBatch batch);

    /// <summary>The non-negative map that normalisation ranks (identity by default; |x| for signed methods).</summary>
    private protected virtual Tensor Magnitude(Tensor raw) => raw;

    /// <summary>This method's <see cref="Magnitude"/>, for wrappers that pass raw maps through.</summary>
    internal Tensor MagnitudeOf(Tensor raw) => Magnitude(raw);

    private static (float[] Values, string? Warning) Normalise(ReadOnlySpan<float> map)
    {
        var values = new float[map.Length];
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in map)
        {
            if (float.IsNaN(v) || float.IsInfinity(v))
            {
                return (values, "map contains NaN or infinite values; returned zeros");
            }

            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var range = max - min;
        // A constant map carries no ranking; dividing by ~0 would make NaN or amplify rounding noise. Relative to the
        // map's own size: input gradients of deep detectors are real at 1e-10 (a random-weight YOLOv8n: 2e-10).
        if (!(range > 1e-7f * Math.Max(Math.Max(Math.Abs(max), Math.Abs(min)), 1e-30f)))
        {
            return (values, "map is constant (no evidence at this layer for this target); returned zeros");
        }

        for (var i = 0; i < map.Length; i++)
        {
            values[i] = (map[i] - min) / range;
        }

        return (values, null);
    }
}
