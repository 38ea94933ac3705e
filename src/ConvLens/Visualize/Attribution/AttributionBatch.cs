using ConvLens.Models;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution;

/// <summary>One chunk of images with everything a method needs to explain it.</summary>
internal sealed class AttributionBatch
{
    public AttributionBatch(LoadedModel model, Tensor images, IReadOnlyList<ITarget> targets, string? layer, AttributionRequest request, Generator generator)
    {
        Model = model;
        Images = images;
        Targets = targets;
        Layer = layer;
        Request = request;
        Generator = generator;
    }

    public LoadedModel Model { get; }

    /// <summary>[N,3,H,W] on the model's device, detached.</summary>
    public Tensor Images { get; }

    public IReadOnlyList<ITarget> Targets { get; }

    /// <summary>The canonical CAM layer, or null.</summary>
    public string? Layer { get; }

    public AttributionRequest Request { get; }

    public Generator Generator { get; }

    /// <summary>Canonical layers the targets read.</summary>
    public IReadOnlyList<string> TargetLayers => [.. Targets.SelectMany(t => t.Layers).Distinct(StringComparer.Ordinal)];

    /// <summary>The same batch with other images (noisy copies, interpolation points).</summary>
    public AttributionBatch WithImages(Tensor images) => new(Model, images, Targets, Layer, Request, Generator);

    /// <summary>Scores [T,N] of every target on <paramref name="images"/> without gradients, batched.</summary>
    public Tensor ScoresNoGrad(Tensor images, RunOverrides? overrides = null)
    {
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        var n = images.shape[0];
        var batch = Math.Max(1, Request.BatchSize);
        for (long start = 0; start < n; start += batch)
        {
            Request.CancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var x = images.narrow(0, start, Math.Min(batch, n - start));
            var run = Model.Run(x, TargetLayers, true, overrides);
            parts.Add(stack([.. Targets.Select(t => t.Score(run).detach())]).MoveToOuterDisposeScope());
        }

        return cat(parts, 1);
    }
}
