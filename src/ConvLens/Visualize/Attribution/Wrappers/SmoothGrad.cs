using ConvLens.Visualize.Attribution.Gradients;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Wrappers;

/// <summary>SmoothGrad: averages any gradient method over noisy copies of the image (or their squares, or their variance).</summary>
/// <remarks>
/// Smilkov et al., "SmoothGrad: removing noise by adding noise", 2017, https://arxiv.org/abs/1706.03825, eq. 3.
/// <see cref="NoiseLevel"/> is the paper's noise level sigma / (x_max - x_min): the noise STANDARD DEVIATION as a
/// fraction of each image's value range (0.15 means sigma = 0.15 * (max - min)). It is not a variance. Noise comes
/// from the request's seed. <see cref="Mode"/> picks SmoothGrad (mean), SmoothGrad² (mean of squares) or VarGrad
/// (variance, the population variance over the samples: mean of squares minus squared mean).
/// </remarks>
public sealed class SmoothGrad : GradientMethod
{
    private readonly GradientMethod _inner;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">Any gradient method (saliency, integrated gradients, guided backprop, …).</param>
    /// <param name="samples">Noisy copies per image.</param>
    /// <param name="noiseLevel">Noise standard deviation as a fraction of the image's value range (not a variance).</param>
    /// <param name="mode">Mean (SmoothGrad), mean of squares (SmoothGrad²) or variance (VarGrad).</param>
    /// <exception cref="ArgumentOutOfRangeException">Samples below 1 or a negative noise level.</exception>
    public SmoothGrad(GradientMethod inner, int samples = 25, float noiseLevel = 0.15f, SmoothGradMode mode = SmoothGradMode.Mean)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(noiseLevel);
        _inner = inner;
        Samples = samples;
        NoiseLevel = noiseLevel;
        Mode = mode;
    }

    /// <summary>Creates SmoothGrad over vanilla saliency.</summary>
    public SmoothGrad()
        : this(new Saliency())
    {
    }

    /// <summary>Noisy copies per image.</summary>
    public int Samples { get; }

    /// <summary>Noise standard deviation as a fraction of the image's value range.</summary>
    public float NoiseLevel { get; }

    /// <summary>How the noisy copies' attributions are combined.</summary>
    public SmoothGradMode Mode { get; }

    /// <summary>The wrapped method.</summary>
    public IAttributionMethod Inner => _inner;

    /// <inheritdoc/>
    internal override bool ScoresOtherInputs => true;

    /// <inheritdoc/>
    public override string Id => _inner is Saliency ? ModeId : $"{ModeId}-{_inner.Id}";

    /// <inheritdoc/>
    public override string DisplayName => _inner is Saliency ? ModeName : $"{ModeName} ({_inner.DisplayName})";

    /// <inheritdoc/>
    public override string Description => Mode switch
    {
        SmoothGradMode.Squared => $"the mean square of {_inner.DisplayName} over noisy copies of the image",
        SmoothGradMode.Variance => $"the variance of {_inner.DisplayName} over noisy copies of the image",
        _ => $"{_inner.DisplayName} averaged over noisy copies of the image: less speckle",
    };

    private string ModeId => Mode switch { SmoothGradMode.Squared => "smooth-grad-squared", SmoothGradMode.Variance => "var-grad", _ => "smooth-grad" };

    private string ModeName => Mode switch { SmoothGradMode.Squared => "SmoothGrad²", SmoothGradMode.Variance => "VarGrad", _ => "SmoothGrad" };

    /// <inheritdoc/>
    internal override (Tensor Attributions, Tensor Scores) Attribute(AttributionBatch batch)
    {
        var x = batch.Images;
        var range = x.flatten(1).amax([1]) - x.flatten(1).amin([1]);
        var sigma = (range * NoiseLevel).view(-1, 1, 1, 1);
        Tensor? total = null, squares = null;
        for (var s = 0; s < Samples; s++)
        {
            batch.Request.CancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var noisy = x + (randn(x.shape, generator: batch.Generator, device: x.device) * sigma);
            var (a, _) = _inner.Attribute(batch.WithImages(noisy));
            if (Mode != SmoothGradMode.Mean)
            {
                var a2 = a * a;
                squares = squares is null ? a2.MoveToOuterDisposeScope() : squares.add_(a2);
            }

            total = total is null ? a.MoveToOuterDisposeScope() : total.add_(a);
        }

        var mean = total! / Samples;
        var combined = Mode switch
        {
            SmoothGradMode.Squared => squares! / Samples,
            SmoothGradMode.Variance => ((squares! / Samples) - (mean * mean)).clamp_min(0),
            _ => mean,
        };
        return (combined, batch.ScoresNoGrad(x));
    }

    /// <inheritdoc/>
    internal override Tensor Reduce(Tensor attributions) => _inner.Reduce(attributions);
}
