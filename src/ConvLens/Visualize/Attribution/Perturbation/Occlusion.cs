using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Perturbation;

/// <summary>Occlusion sensitivity: the drop of the score when a square patch is covered, averaged over the patches covering each pixel.</summary>
/// <remarks>
/// Zeiler and Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014,
/// https://arxiv.org/abs/1311.2901, section 4.2. Occluded copies go through the network in batches without
/// gradients. The raw map is signed (negative where covering helps the target); ranking uses its positive part.
/// </remarks>
public sealed class Occlusion : AttributionMethod
{
    /// <summary>Creates the method.</summary>
    /// <param name="window">Patch side in pixels; 0 picks an eighth of the shorter image side (at least 4).</param>
    /// <param name="stride">Step between patches; 0 picks half the window.</param>
    /// <param name="fill">The patch's pixel value in 0..1 (0.5 = neutral grey).</param>
    public Occlusion(int window = 0, int stride = 0, float fill = 0.5f)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        ArgumentOutOfRangeException.ThrowIfNegative(stride);
        Window = window;
        Stride = stride;
        Fill = fill;
    }

    /// <summary>Patch side in pixels (0 = automatic).</summary>
    public int Window { get; }

    /// <summary>Step between patches (0 = automatic).</summary>
    public int Stride { get; }

    /// <summary>The patch's pixel value.</summary>
    public float Fill { get; }

    /// <inheritdoc/>
    public override string Id => "occlusion";

    /// <inheritdoc/>
    public override string DisplayName => "Occlusion";

    /// <inheritdoc/>
    public override string Description => "how much the score drops when a patch covers each pixel (no gradients)";

    /// <inheritdoc/>
    public override bool UsesGradients => false;

    /// <inheritdoc/>
    internal override bool ScoresOtherInputs => true;

    /// <inheritdoc/>
    internal override BatchMaps Compute(AttributionBatch batch)
    {
        var x = batch.Images;
        var (n, h, w) = (x.shape[0], x.shape[2], x.shape[3]);
        var window = Window > 0 ? Window : (int)Math.Max(4, Math.Min(h, w) / 8);
        var stride = Stride > 0 ? Stride : Math.Max(1, window / 2);
        var ys = Positions(h, window, stride);
        var xs = Positions(w, window, stride);
        var masks = zeros(ys.Count * xs.Count, 1, h, w, device: x.device);
        var p = 0;
        foreach (var y0 in ys)
        {
            foreach (var x0 in xs)
            {
                masks[p++, 0, y0..(y0 + window), x0..(x0 + window)] = 1f;
            }
        }

        var coverage = masks.sum([0, 1]);
        var clean = batch.ScoresNoGrad(x);
        var maps = new List<Tensor>();
        for (long i = 0; i < n; i++)
        {
            using var scope = NewDisposeScope();
            var image = x[i].unsqueeze(0);
            var drops = new List<Tensor>();
            var batchSize = Math.Max(1, batch.Request.BatchSize);
            for (long start = 0; start < masks.shape[0]; start += batchSize)
            {
                var m = masks.narrow(0, start, Math.Min(batchSize, masks.shape[0] - start));
                drops.Add(clean[.., i].unsqueeze(1) - batch.ScoresNoGrad((image * (1 - m)) + (m * Fill)));
            }

            var map = einsum("tp,phw->thw", cat(drops, 1), masks.squeeze(1)) / coverage.clamp_min(1);
            maps.Add(map.MoveToOuterDisposeScope());
        }

        return new BatchMaps(stack(maps, 1), clean);
    }

    /// <inheritdoc/>
    private protected override Tensor Magnitude(Tensor raw) => raw.clamp_min(0);

    private static List<int> Positions(long size, int window, int stride)
    {
        var list = new List<int>();
        for (var s = 0; s + window < size; s += stride)
        {
            list.Add(s);
        }

        list.Add((int)Math.Max(0, size - window));
        return [.. list.Distinct()];
    }
}
