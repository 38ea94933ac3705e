namespace ConvLens.Imaging.ColormapTables;

/// <summary>matplotlib's 'jet' (from its segment data), sampled at 256 evenly spaced points like matplotlib's LUT.</summary>
internal static class JetTable
{
    // matplotlib's _jet_data: per channel, (x, value) breakpoints joined by straight lines.
    private static readonly (double X, double Y)[] Red = [(0, 0), (0.35, 0), (0.66, 1), (0.89, 1), (1, 0.5)];
    private static readonly (double X, double Y)[] Green = [(0, 0), (0.125, 0), (0.375, 1), (0.64, 1), (0.91, 0), (1, 0)];
    private static readonly (double X, double Y)[] Blue = [(0, 0.5), (0.11, 1), (0.34, 1), (0.65, 0), (1, 0)];

    /// <summary>768 floats: R, G, B for each of the 256 entries, from t = 0 to t = 1.</summary>
    public static readonly float[] Rgb = Build();

    private static float[] Build()
    {
        var table = new float[256 * 3];
        for (var i = 0; i < 256; i++)
        {
            var x = i / 255.0;
            table[i * 3] = (float)Segment(Red, x);
            table[(i * 3) + 1] = (float)Segment(Green, x);
            table[(i * 3) + 2] = (float)Segment(Blue, x);
        }

        return table;
    }

    private static double Segment((double X, double Y)[] points, double x)
    {
        for (var k = 1; k < points.Length; k++)
        {
            if (x <= points[k].X)
            {
                var (x0, y0) = points[k - 1];
                var (x1, y1) = points[k];
                return Math.Clamp(y0 + ((y1 - y0) * (x - x0) / (x1 - x0)), 0, 1);
            }
        }

        return points[^1].Y;
    }
}
