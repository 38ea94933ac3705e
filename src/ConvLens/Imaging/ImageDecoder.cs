using SkiaSharp;

namespace ConvLens.Imaging;

/// <summary>Decodes PNG, JPEG, WebP and BMP files into <see cref="RgbImage"/>s with SkiaSharp, upright per EXIF.</summary>
public static class ImageDecoder
{
    private const string Accepted = "a PNG, JPEG, WebP or BMP image";

    /// <summary>Reads and decodes an image file; alpha, if any, is dropped.</summary>
    /// <param name="path">Path of a PNG, JPEG, WebP or BMP file.</param>
    /// <returns>The decoded image, rotated upright when the file carries an EXIF orientation.</returns>
    /// <exception cref="ConvLensException">The file is missing, unreadable, not a supported format or corrupt.</exception>
    public static RgbImage Load(string path) => Decode(ReadFile(path), path);

    /// <summary>Decodes an encoded image held in memory; alpha, if any, is dropped.</summary>
    /// <param name="data">The encoded bytes of a PNG, JPEG, WebP or BMP image.</param>
    /// <param name="sourceName">The file name or label used in error messages.</param>
    /// <returns>The decoded image, rotated upright when the data carries an EXIF orientation.</returns>
    /// <exception cref="ConvLensException">The data is not a supported format or is corrupt.</exception>
    public static RgbImage Decode(byte[] data, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var stream = new SKMemoryStream(data);
        using var codec = OpenCodec(stream, sourceName);
        using var bitmap = DecodePixels(codec, codec.Info.Width, codec.Info.Height, sourceName);
        return ExifOrientation.Apply(SkiaPixels.ToRgbImage(bitmap), codec.EncodedOrigin);
    }

    /// <summary>Reads the pixel size from the header of an encoded image without decoding its pixels.</summary>
    /// <remarks>Lets a server refuse an image too large to decode (a few kilobytes of PNG can inflate to gigabytes).</remarks>
    /// <param name="data">The encoded bytes of a PNG, JPEG, WebP or BMP image.</param>
    /// <param name="sourceName">The file name or label used in error messages.</param>
    /// <returns>The stored width and height (before any EXIF rotation).</returns>
    /// <exception cref="ConvLensException">The data is not a supported format.</exception>
    public static (int Width, int Height) ReadSize(byte[] data, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var stream = new SKMemoryStream(data);
        using var codec = OpenCodec(stream, sourceName);
        return (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>
    /// Reads an image file into an upright RGBA bitmap at least as large as <paramref name="minimumSize"/> asks,
    /// letting the codec shrink while it decodes where it can (JPEG's DCT scaling by k/8), which is several times
    /// cheaper than decoding the full image and resizing it afterwards.
    /// </summary>
    /// <param name="path">Path of a PNG, JPEG, WebP or BMP file.</param>
    /// <param name="minimumSize">Given the upright full size, the smallest (width, height) the caller can use.</param>
    /// <exception cref="ConvLensException">The file is missing, unreadable, not a supported format or corrupt.</exception>
    internal static SKBitmap LoadBitmap(string path, Func<int, int, (int Width, int Height)> minimumSize)
    {
        var data = ReadFile(path);
        using var stream = new SKMemoryStream(data);
        using var codec = OpenCodec(stream, path);
        var turned = codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (fullWidth, fullHeight) = (codec.Info.Width, codec.Info.Height);
        var (needWidth, needHeight) = turned ? Swap(minimumSize(fullHeight, fullWidth)) : minimumSize(fullWidth, fullHeight);
        var (width, height) = (fullWidth, fullHeight);
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var scaled = codec.GetScaledDimensions(eighths / 8f);
            if (scaled.Width >= needWidth && scaled.Height >= needHeight && scaled.Width < width)
            {
                (width, height) = (scaled.Width, scaled.Height);
                break;
            }
        }

        var bitmap = DecodePixels(codec, width, height, path);
        if (codec.Info.AlphaType != SKAlphaType.Opaque)
        {
            // Alpha is dropped as in Decode: a later resize must not blend colours by it.
            var rgba = bitmap.GetPixelSpan();
            for (var i = 3; i < rgba.Length; i += 4)
            {
                rgba[i] = 255;
            }
        }

        if (codec.EncodedOrigin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return bitmap;
        }

        using (bitmap)
        {
            return SkiaPixels.ToBitmap(ExifOrientation.Apply(SkiaPixels.ToRgbImage(bitmap), codec.EncodedOrigin));
        }

        static (int, int) Swap((int A, int B) size) => (size.B, size.A);
    }

    private static byte[] ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new ConvLensException($"cannot read image '{path}': it is a directory, not {Accepted}");
        }

        if (!File.Exists(path))
        {
            throw new ConvLensException($"image file '{path}' not found");
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConvLensException($"cannot read image '{path}': {e.Message}", e);
        }
    }

    private static SKCodec OpenCodec(SKStream stream, string sourceName)
    {
        var codec = SKCodec.Create(stream) ?? throw new ConvLensException($"cannot read image '{sourceName}': not {Accepted}");
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg
            or SKEncodedImageFormat.Webp or SKEncodedImageFormat.Bmp))
        {
            var format = codec.EncodedFormat;
            codec.Dispose();
            throw new ConvLensException($"cannot read image '{sourceName}': {format} is not supported; use {Accepted}");
        }

        return codec;
    }

    private static SKBitmap DecodePixels(SKCodec codec, int width, int height, string sourceName)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());

        // IncompleteInput means a truncated file: Skia fills the rest with zeros, which would be a silently wrong image.
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new ConvLensException($"cannot read image '{sourceName}': the {codec.EncodedFormat.ToString().ToUpperInvariant()} data is corrupt or truncated ({result})");
        }

        return bitmap;
    }
}
