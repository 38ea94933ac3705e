using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>Smooth Grad-CAM++: Grad-CAM++ with its gradient powers averaged over noisy copies of the image.</summary>
/// <remarks>
/// Omeiza et al., "Smooth Grad-CAM++: An Enhanced Inference Level Visualization Technique for Deep Convolutional
/// Neural Network Models", 2019, https://arxiv.org/abs/1908.01224, eq. 7-9: with g the gradient at a noisy copy,
/// D1, D2 and D3 are the means of g, g² and g³ over <see cref="Samples"/> copies,
/// alpha = D2 / (2 D2 + sum_ab A_ab D3) and w_k = sum_ij alpha_ij relu(D1_ij); A is the clean image's activation
/// (as torch-cam's SmoothGradCAMpp). The denominator follows <see cref="GradCamPlusPlus"/> (eq. 19 of Grad-CAM++).
/// Noise: standard deviation <see cref="NoiseLevel"/> times each image's value range (SmoothGrad's convention), from
/// the request's seed. Cost: one forward and backward on the clean batch plus one per sample.
/// </remarks>
public sealed class SmoothGradCamPlusPlus : CamMethod
{
    /// <summary>Creates the method.</summary>
    /// <param name="samples">Noisy copies per image.</param>
    /// <param name="noiseLevel">Noise standard deviation as a fraction of the image's value range.</param>
    /// <exception cref="ArgumentOutOfRangeException">Samples below 1 or a negative noise level.</exception>
    public SmoothGradCamPlusPlus(int samples = 4, float noiseLevel = 0.15f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(noiseLevel);
        Samples = samples;
        NoiseLevel = noiseLevel;
    }

    /// <summary>Noisy copies per image.</summary>
    public int Samples { get; }

    /// <summary>Noise standard deviation as a fraction of the image's value range.</summary>
    public float NoiseLevel { get; }

    /// <inheritdoc/>
    internal override bool ScoresOtherInputs => true;

    /// <inheritdoc/>
    public override string Id => "smooth-grad-cam++";

    /// <inheritdoc/>
    public override string DisplayName => "Smooth Grad-CAM++";

    /// <inheritdoc/>
    public override string Description => "Grad-CAM++ with gradients averaged over noisy copies of the image: fewer stray blobs";

    /// <inheritdoc/>
    protected override Tensor ChannelWeights(CamContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var x = c.Images;
        var range = x.flatten(1).amax([1]) - x.flatten(1).amin([1]);
        var sigma = (range * NoiseLevel).view(-1, 1, 1, 1);
        var (d1, d2, d3) = (zeros_like(c.Activations), zeros_like(c.Activations), zeros_like(c.Activations));
        for (var s = 0; s < Samples; s++)
        {
            c.CancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var g = c.LayerGradients(x + (randn(x.shape, generator: c.Batch.Generator, device: x.device) * sigma));
            var g2 = g * g;
            d1.add_(g);
            d2.add_(g2);
            d3.add_(g2 * g);
        }

        var (m1, m2, m3) = (d1 / Samples, d2 / Samples, d3 / Samples);
        var sumA = c.Activations.sum([2, 3], keepdim: true);
        var denominator = (2 * m2) + (sumA * m3);
        var safe = where(denominator != 0, denominator, ones_like(denominator));
        var alpha = where(m2 != 0, m2 / safe, zeros_like(m2));
        return (alpha * nn.functional.relu(m1)).sum([2, 3]);
    }
}
