using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Wrappers;

/// <summary>Test-time augmentation: any method run on flipped and zoomed copies, the maps mapped back and averaged.</summary>
/// <remarks>
/// pytorch-grad-cam's <c>aug_smooth=True</c> idea (https://github.com/jacobgil/pytorch-grad-cam) with geometric
/// augmentations only: every combination of a horizontal flip (off, on) and a centre zoom by each of
/// <see cref="Scales"/> (the central 1/s of the image resized to the full size). Each map is mapped back (flipped,
/// resized into the zoomed region) and the raw maps are averaged per pixel over the augmentations that see it, so
/// the border outside a zoom comes from the unzoomed copies only. pytorch-grad-cam averages normalised maps and
/// varies brightness instead of zoom; raw maps are averaged here so they stay comparable across images.
/// Scores are those of the unaugmented images. Cost: 2 × |Scales| runs of the wrapped method.
/// </remarks>
public sealed class AugmentationSmoothing : AttributionMethod
{
    private readonly AttributionMethod _inner;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">Any attribution method.</param>
    /// <param name="scales">Zoom factors, each at least 1 (1 = the image itself); default 1 and 1.2.</param>
    /// <exception cref="ArgumentOutOfRangeException">A scale below 1, or no scale.</exception>
    public AugmentationSmoothing(AttributionMethod inner, IReadOnlyList<float>? scales = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        scales ??= [1f, 1.2f];
        if (scales.Count == 0 || scales.Any(s => !(s >= 1f)))
        {
            throw new ArgumentOutOfRangeException(nameof(scales), "zoom scales must be at least 1 (1 = no zoom)");
        }

        _inner = inner;
        Scales = [.. scales];
    }

    /// <summary>The zoom factors.</summary>
    public IReadOnlyList<float> Scales { get; }

    /// <summary>The wrapped method.</summary>
    public IAttributionMethod Inner => _inner;

    /// <inheritdoc/>
    public override string Id => $"{_inner.Id}-aug-smooth";

    /// <inheritdoc/>
    public override string DisplayName => $"{_inner.DisplayName} (augmentation smooth)";

    /// <inheritdoc/>
    public override string Description => $"{_inner.DisplayName} averaged over flipped and zoomed copies mapped back onto the image";

    /// <inheritdoc/>
    public override bool UsesGradients => _inner.UsesGradients;

    /// <inheritdoc/>
    public override bool RequiresLayer => _inner.RequiresLayer;

    /// <inheritdoc/>
    public override bool SupportsBatch => _inner.SupportsBatch;

    /// <inheritdoc/>
    internal override bool ScoresOtherInputs => true;

    /// <inheritdoc/>
    internal override BatchMaps Compute(AttributionBatch batch)
    {
        var x = batch.Images;
        var (h, w) = (x.shape[2], x.shape[3]);
        Tensor? total = null, coverage = null, scores = null;
        foreach (var scale in Scales)
        {
            var (ch, cw) = (Math.Max(1L, (long)Math.Round(h / scale)), Math.Max(1L, (long)Math.Round(w / scale)));
            var (y0, x0) = ((h - ch) / 2, (w - cw) / 2);
            foreach (var flip in new[] { false, true })
            {
                batch.Request.CancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var view = x.narrow(2, y0, ch).narrow(3, x0, cw);
                view = ch == h && cw == w ? view : nn.functional.interpolate(view, [h, w], mode: InterpolationMode.Bilinear, align_corners: false);
                var result = _inner.Compute(batch.WithImages(flip ? view.flip(3) : view));
                var raw = flip ? result.Raw.flip(3) : result.Raw;
                var (t, n) = (raw.shape[0], raw.shape[1]);
                var back = ch == h && cw == w ? raw : nn.functional.interpolate(raw.reshape(t * n, 1, h, w), [ch, cw], mode: InterpolationMode.Bilinear, align_corners: false).reshape(t, n, ch, cw);
                var canvas = zeros(t, n, h, w, device: x.device);
                var seen = zeros(1, 1, h, w, device: x.device);
                canvas.narrow(2, y0, ch).narrow(3, x0, cw).copy_(back);
                seen.narrow(2, y0, ch).narrow(3, x0, cw).fill_(1);
                total = total is null ? canvas.MoveToOuterDisposeScope() : total.add_(canvas);
                coverage = coverage is null ? seen.MoveToOuterDisposeScope() : coverage.add_(seen);
                scores ??= (scale == 1f && !flip ? result.Scores : batch.ScoresNoGrad(x)).MoveToOuterDisposeScope();
            }
        }

        return new BatchMaps(total! / coverage!.clamp_min(1), scores!);
    }

    /// <inheritdoc/>
    private protected override Tensor Magnitude(Tensor raw) => _inner.MagnitudeOf(raw);
}
