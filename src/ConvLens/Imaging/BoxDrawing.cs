namespace ConvLens.Imaging;

/// <summary>Draws box outlines on a copy of an image (detections on CAM overlays).</summary>
public static class BoxDrawing
{
    /// <summary>A copy of <paramref name="image"/> with a 2-pixel outline (white inside black, readable on any heatmap) around each box.</summary>
    /// <param name="image">The picture; not changed.</param>
    /// <param name="boxes">x1, y1, x2, y2 in the picture's pixels; parts outside the picture are clipped.</param>
    public static RgbImage Draw(RgbImage image, IEnumerable<(double X1, double Y1, double X2, double Y2)> boxes)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(boxes);
        var result = image.Clone();
        foreach (var (x1, y1, x2, y2) in boxes)
        {
            var (left, top) = ((int)Math.Round(x1), (int)Math.Round(y1));
            var (right, bottom) = ((int)Math.Round(x2) - 1, (int)Math.Round(y2) - 1);
            Outline(result, left, top, right, bottom, (255, 255, 255));
            Outline(result, left - 1, top - 1, right + 1, bottom + 1, (0, 0, 0));
        }

        return result;
    }

    private static void Outline(RgbImage image, int left, int top, int right, int bottom, (byte, byte, byte) color)
    {
        for (var x = left; x <= right; x++)
        {
            Set(image, x, top, color);
            Set(image, x, bottom, color);
        }

        for (var y = top; y <= bottom; y++)
        {
            Set(image, left, y, color);
            Set(image, right, y, color);
        }
    }

    private static void Set(RgbImage image, int x, int y, (byte, byte, byte) color)
    {
        if (x >= 0 && y >= 0 && x < image.Width && y < image.Height)
        {
            image.SetPixel(x, y, color);
        }
    }
}
