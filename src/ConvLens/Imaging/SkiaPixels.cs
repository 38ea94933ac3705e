using SkiaSharp;

namespace ConvLens.Imaging;

/// <summary>Copies pixels between <see cref="RgbImage"/> and opaque RGBA SkiaSharp bitmaps.</summary>
internal static class SkiaPixels
{
    /// <summary>Creates an opaque RGBA bitmap holding the image; the caller disposes it.</summary>
    public static SKBitmap ToBitmap(RgbImage image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[image.Width * image.Height * 4];
        var rgb = image.Pixels;
        for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgba[j] = rgb[i];
            rgba[j + 1] = rgb[i + 1];
            rgba[j + 2] = rgb[i + 2];
            rgba[j + 3] = 255;
        }

        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        return bitmap;
    }

    /// <summary>Reads an RGBA8888 bitmap (unpremultiplied or opaque) into an RGB image, dropping alpha.</summary>
    public static RgbImage ToRgbImage(SKBitmap bitmap)
    {
        if (bitmap.ColorType != SKColorType.Rgba8888)
        {
            throw new InvalidOperationException($"expected an RGBA8888 bitmap, got {bitmap.ColorType}");
        }

        var rgba = bitmap.GetPixelSpan();
        var rowBytes = bitmap.RowBytes;
        var image = new RgbImage(bitmap.Width, bitmap.Height);
        var rgb = image.Pixels;
        for (var y = 0; y < bitmap.Height; y++)
        {
            var src = y * rowBytes;
            var dst = y * bitmap.Width * 3;
            for (var x = 0; x < bitmap.Width; x++, src += 4, dst += 3)
            {
                rgb[dst] = rgba[src];
                rgb[dst + 1] = rgba[src + 1];
                rgb[dst + 2] = rgba[src + 2];
            }
        }

        return image;
    }
}
