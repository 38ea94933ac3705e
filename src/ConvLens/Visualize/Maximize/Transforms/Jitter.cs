using System.Globalization;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>Random translation by cropping: keeps a window <c>d</c> pixels smaller at a random offset (lucid's jitter).</summary>
public sealed class Jitter : IImageTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="pixels">Maximum shift d (at least 1); the output is d pixels smaller in each dimension.</param>
    public Jitter(int pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels, 1);
        Pixels = pixels;
    }

    /// <summary>Maximum shift in pixels.</summary>
    public int Pixels { get; }

    /// <inheritdoc/>
    public string Description => string.Create(CultureInfo.InvariantCulture, $"jitter({Pixels})");

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Generator rng)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(rng);
        long h = image.shape[2], w = image.shape[3];
        if (h <= Pixels || w <= Pixels)
        {
            throw new ConvLensException($"jitter({Pixels}) needs an image larger than {Pixels} px, got {w}x{h}");
        }

        var dy = RandomChoice.Index(rng, Pixels);
        var dx = RandomChoice.Index(rng, Pixels);
        return image.narrow(2, dy, h - Pixels).narrow(3, dx, w - Pixels);
    }
}
