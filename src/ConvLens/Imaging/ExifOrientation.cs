using SkiaSharp;

namespace ConvLens.Imaging;

/// <summary>Applies an EXIF orientation so that decoded photos come out upright, as viewers show them.</summary>
internal static class ExifOrientation
{
    /// <summary>Returns the image turned and flipped as the EXIF origin says; the input itself for top-left.</summary>
    public static RgbImage Apply(RgbImage image, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft || !Enum.IsDefined(origin))
        {
            return image;
        }

        int w = image.Width, h = image.Height;
        var swaps = origin >= SKEncodedOrigin.LeftTop;
        var result = swaps ? new RgbImage(h, w) : new RgbImage(w, h);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                // Destination of source pixel (x, y) for each of the eight EXIF orientations (values 1..8).
                var (dx, dy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (h - 1 - y, x),
                    SKEncodedOrigin.RightBottom => (h - 1 - y, w - 1 - x),
                    _ => (y, w - 1 - x), // LeftBottom
                };
                result.SetPixel(dx, dy, image.GetPixel(x, y));
            }
        }

        return result;
    }
}
