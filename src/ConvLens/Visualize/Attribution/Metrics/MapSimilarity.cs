namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>How alike two maps are: Spearman's rank correlation and the structural similarity index (SSIM).</summary>
public static class MapSimilarity
{
    /// <summary>Spearman's rank correlation of two equally long maps (ties get their average rank); 0 when either is constant.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double Spearman(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"maps differ in length ({a.Count} and {b.Count})", nameof(b));
        }

        var (ra, rb) = (Ranks(a), Ranks(b));
        var (ma, mb) = (ra.Average(), rb.Average());
        double num = 0, da = 0, db = 0;
        for (var i = 0; i < ra.Length; i++)
        {
            num += (ra[i] - ma) * (rb[i] - mb);
            da += (ra[i] - ma) * (ra[i] - ma);
            db += (rb[i] - mb) * (rb[i] - mb);
        }

        return da == 0 || db == 0 ? 0 : num / Math.Sqrt(da * db);
    }

    /// <summary>
    /// The mean SSIM of two H×W maps with values in [0,1] (Wang et al. 2004, https://doi.org/10.1109/TIP.2003.819861):
    /// Gaussian window σ = 1.5 (radius 5, renormalised at the borders), C1 = 0.01², C2 = 0.03² for a data range of 1.
    /// </summary>
    /// <exception cref="ArgumentException">A map does not hold <paramref name="height"/> × <paramref name="width"/> values.</exception>
    public static double Ssim(IReadOnlyList<float> a, IReadOnlyList<float> b, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != height * width || b.Count != height * width)
        {
            throw new ArgumentException($"maps must hold {height}x{width} values, got {a.Count} and {b.Count}", nameof(b));
        }

        const double C1 = 0.01 * 0.01, C2 = 0.03 * 0.03;
        var x = a.Select(v => (double)v).ToArray();
        var y = b.Select(v => (double)v).ToArray();
        var ones = Enumerable.Repeat(1.0, x.Length).ToArray();
        var weight = Blur(ones, height, width);
        double[] Mean(double[] v) => [.. Blur(v, height, width).Select((s, i) => s / weight[i])];
        var (mx, my) = (Mean(x), Mean(y));
        var xx = Mean([.. x.Select(v => v * v)]);
        var yy = Mean([.. y.Select(v => v * v)]);
        var xy = Mean([.. x.Select((v, i) => v * y[i])]);
        double sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var (vx, vy, cov) = (xx[i] - (mx[i] * mx[i]), yy[i] - (my[i] * my[i]), xy[i] - (mx[i] * my[i]));
            sum += ((2 * mx[i] * my[i]) + C1) * ((2 * cov) + C2) / (((mx[i] * mx[i]) + (my[i] * my[i]) + C1) * (vx + vy + C2));
        }

        return sum / x.Length;
    }

    private static double[] Blur(double[] v, int height, int width)
    {
        const int Radius = 5;
        var kernel = Enumerable.Range(-Radius, (2 * Radius) + 1).Select(d => Math.Exp(-(d * d) / (2 * 1.5 * 1.5))).ToArray();
        var rows = new double[v.Length];
        var result = new double[v.Length];
        for (var yy = 0; yy < height; yy++)
        {
            for (var xx = 0; xx < width; xx++)
            {
                double s = 0;
                for (var d = -Radius; d <= Radius; d++)
                {
                    s += xx + d >= 0 && xx + d < width ? kernel[d + Radius] * v[(yy * width) + xx + d] : 0;
                }

                rows[(yy * width) + xx] = s;
            }
        }

        for (var yy = 0; yy < height; yy++)
        {
            for (var xx = 0; xx < width; xx++)
            {
                double s = 0;
                for (var d = -Radius; d <= Radius; d++)
                {
                    s += yy + d >= 0 && yy + d < height ? kernel[d + Radius] * rows[((yy + d) * width) + xx] : 0;
                }

                result[(yy * width) + xx] = s;
            }
        }

        return result;
    }

    private static double[] Ranks(IReadOnlyList<float> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }

            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = (i + j) / 2.0;
            }

            i = j + 1;
        }

        return ranks;
    }
}
