namespace ConvLens.Imaging;

/// <summary>
/// A managed 8-bit RGB image: <see cref="Pixels"/> holds R, G, B interleaved, row by row from the top-left corner.
/// </summary>
public sealed class RgbImage
{
    /// <summary>Creates a black image of the given size.</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is less than 1.</exception>
    public RgbImage(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        Pixels = new byte[checked(width * height * 3)];
    }

    /// <summary>Wraps existing RGB bytes (not copied) as an image.</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="pixels">Exactly <c>width * height * 3</c> bytes, RGB interleaved, row-major.</param>
    /// <exception cref="ArgumentException">The buffer length does not match the size.</exception>
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != checked(width * height * 3))
        {
            throw new ArgumentException($"expected {width * height * 3} bytes for a {width}x{height} RGB image, got {pixels.Length}", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The RGB bytes, interleaved and row-major; index of pixel (x, y) is <c>(y * Width + x) * 3</c>.</summary>
#pragma warning disable CA1819 // A raw buffer is the point of this type: encoders and tensor conversion read it directly.
    public byte[] Pixels { get; }
#pragma warning restore CA1819

    /// <summary>Reads the colour of pixel (x, y).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The coordinates are outside the image.</exception>
    public (byte R, byte G, byte B) GetPixel(int x, int y)
    {
        var i = IndexOf(x, y);
        return (Pixels[i], Pixels[i + 1], Pixels[i + 2]);
    }

    /// <summary>Sets the colour of pixel (x, y).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The coordinates are outside the image.</exception>
    public void SetPixel(int x, int y, (byte R, byte G, byte B) color)
    {
        var i = IndexOf(x, y);
        Pixels[i] = color.R;
        Pixels[i + 1] = color.G;
        Pixels[i + 2] = color.B;
    }

    /// <summary>Returns a deep copy of this image.</summary>
    public RgbImage Clone() => new(Width, Height, (byte[])Pixels.Clone());

    private int IndexOf(int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Width);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return ((y * Width) + x) * 3;
    }
}
