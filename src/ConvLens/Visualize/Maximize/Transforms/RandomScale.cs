using System.Globalization;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>Rescales the batch by a factor drawn from a list (bilinear, differentiable).</summary>
public sealed class RandomScale : IImageTransform
{
    private readonly double[] _scales;

    /// <summary>Creates the transform.</summary>
    /// <param name="scales">The factors to choose from, uniformly.</param>
    public RandomScale(IEnumerable<double> scales)
    {
        ArgumentNullException.ThrowIfNull(scales);
        _scales = [.. scales];
        if (_scales.Length == 0 || _scales.Any(s => s <= 0))
        {
            throw new ArgumentException("scales must be a non-empty list of positive factors", nameof(scales));
        }
    }

    /// <summary>The factors to choose from.</summary>
    public IReadOnlyList<double> Scales => _scales;

    /// <inheritdoc/>
    public string Description => string.Create(CultureInfo.InvariantCulture, $"scale({_scales.Min():0.##}-{_scales.Max():0.##})");

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Generator rng)
    {
        ArgumentNullException.ThrowIfNull(image);
        var s = RandomChoice.From(rng, _scales);
        long h = image.shape[2], w = image.shape[3];
        var nh = Math.Max(1, (long)(h * s));
        var nw = Math.Max(1, (long)(w * s));
        return nh == h && nw == w
            ? image.alias()
            : nn.functional.interpolate(image, [nh, nw], mode: InterpolationMode.Bilinear, align_corners: true);
    }
}
