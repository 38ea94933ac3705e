namespace ConvLens.Visualize.Primer;

/// <summary>Draws a handwritten-looking "4" procedurally, so the primer needs no dataset.</summary>
internal static class DigitSketch
{
    /// <summary>A size x size image in 0..1 of a "4": vertical, horizontal and diagonal strokes, anti-aliased.</summary>
    public static float[,] Four(int size = 28)
    {
        var s = size / 28f;
        (float X0, float Y0, float X1, float Y1)[] strokes =
        [
            (18 * s, 4 * s, 18 * s, 24 * s),  // the stem: vertical edges
            (6 * s, 17 * s, 23 * s, 17 * s),  // the bar: horizontal edges
            (17 * s, 4 * s, 6 * s, 17 * s),   // the slant: diagonal edges
        ];
        var halfWidth = 1.4f * s;
        var image = new float[size, size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var distance = strokes.Min(k => DistanceToSegment(x + 0.5f, y + 0.5f, k));
                // One pixel of linear falloff at the stroke border, like anti-aliased ink.
                image[y, x] = Math.Clamp(halfWidth + 0.5f - distance, 0f, 1f);
            }
        }

        return image;
    }

    private static float DistanceToSegment(float px, float py, (float X0, float Y0, float X1, float Y1) k)
    {
        float dx = k.X1 - k.X0, dy = k.Y1 - k.Y0;
        var t = Math.Clamp((((px - k.X0) * dx) + ((py - k.Y0) * dy)) / ((dx * dx) + (dy * dy)), 0f, 1f);
        float cx = k.X0 + (t * dx) - px, cy = k.Y0 + (t * dy) - py;
        return MathF.Sqrt((cx * cx) + (cy * cy));
    }
}
