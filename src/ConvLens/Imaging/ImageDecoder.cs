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
    public static RgbImage Load(string path)
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

        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConvLensException($"cannot read image '{path}': {e.Message}", e);
        }

        return Decode(data, path);
    }

    /// <summary>Decodes an encoded image held in memory; alpha, if any, is dropped.</summary>
    /// <param name="data">The encoded bytes of a PNG, JPEG, WebP or BMP image.</param>
    /// <param name="sourceName">The file name or label used in error messages.</param>
    /// <returns>The decoded image, rotated upright when the data carries an EXIF orientation.</returns>
    /// <exception cref="ConvLensException">The data is not a supported format or is corrupt.</exception>
    public static RgbImage Decode(byte[] data, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream);
        if (codec is null)
        {
            throw new ConvLensException($"cannot read image '{sourceName}': not {Accepted}");
        }

        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg
            or SKEncodedImageFormat.Webp or SKEncodedImageFormat.Bmp))
        {
            throw new ConvLensException($"cannot read image '{sourceName}': {codec.EncodedFormat} is not supported; use {Accepted}");
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());

        // IncompleteInput means a truncated file: Skia fills the rest with zeros, which would be a silently wrong image.
        if (result != SKCodecResult.Success)
        {
            throw new ConvLensException($"cannot read image '{sourceName}': the {codec.EncodedFormat.ToString().ToUpperInvariant()} data is corrupt or truncated ({result})");
        }

        return ExifOrientation.Apply(SkiaPixels.ToRgbImage(bitmap), codec.EncodedOrigin);
    }
}
