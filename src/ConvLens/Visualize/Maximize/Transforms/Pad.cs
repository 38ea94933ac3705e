using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>Pads every side by a fixed width, with a constant (mid grey by default) or by reflection.</summary>
public sealed class Pad : IImageTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="width">Pixels added on each side.</param>
    /// <param name="reflect">Reflect the border instead of filling with <paramref name="value"/>.</param>
    /// <param name="value">Fill value in 0..1 for constant padding.</param>
    public Pad(int width, bool reflect = false, double value = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        Width = width;
        Reflect = reflect;
        Value = value;
    }

    /// <summary>Pixels added on each side.</summary>
    public int Width { get; }

    /// <summary>True for reflection padding.</summary>
    public bool Reflect { get; }

    /// <summary>Constant fill value.</summary>
    public double Value { get; }

    /// <inheritdoc/>
    public string Description => Reflect
        ? string.Create(CultureInfo.InvariantCulture, $"pad({Width}, reflect)")
        : string.Create(CultureInfo.InvariantCulture, $"pad({Width}, {Value})");

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Generator rng)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Width == 0
            ? image.alias()
            : nn.functional.pad(image, [Width, Width, Width, Width], Reflect ? PaddingModes.Reflect : PaddingModes.Constant, Reflect ? 0 : Value);
    }
}
