namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>
/// ROAD's noisy linear imputation: every removed pixel becomes the weighted mean of its 8 neighbours (direct ones weigh
/// 1/6, diagonal ones 1/12), solved jointly for all removed pixels, plus Gaussian noise.
/// </summary>
/// <remarks>
/// Rong et al. 2022, section 4 and their reference code (<c>NoisyLinearImputer</c>, also in pytorch-grad-cam). The
/// equations Σ_j w_ij (x_i − x_j) = 0 over the removed pixels form a symmetric positive definite system (each connected
/// hole touches a kept pixel), solved by conjugate gradients per colour channel on the host.
/// </remarks>
internal static class NoisyLinearImputation
{
    // The paper's 1/6 and 1/12 scaled by 12: only ratios matter.
    private static readonly (int Dy, int Dx, double Weight)[] Neighbours =
        [(-1, 0, 2), (1, 0, 2), (0, -1, 2), (0, 1, 2), (-1, -1, 1), (-1, 1, 1), (1, -1, 1), (1, 1, 1)];

    /// <summary>A copy of <paramref name="pixels"/> ([3,H,W] row-major) with the <paramref name="removed"/> pixels imputed.</summary>
    /// <exception cref="ConvLensException">Every pixel is removed (nothing to impute from).</exception>
    public static float[] Impute(float[] pixels, int height, int width, bool[] removed, double noise, Random random)
    {
        var plane = height * width;
        var result = (float[])pixels.Clone();
        var unknown = Enumerable.Range(0, plane).Where(i => removed[i]).ToArray();
        if (unknown.Length == 0)
        {
            return result;
        }

        if (unknown.Length == plane)
        {
            throw new ConvLensException("cannot impute an image whose every pixel is removed; use a percentile below 100");
        }

        var slot = new int[plane];
        Array.Fill(slot, -1);
        for (var k = 0; k < unknown.Length; k++)
        {
            slot[unknown[k]] = k;
        }

        // Rows of the system: the diagonal, the removed neighbours (CSR) and the kept neighbours (for the right-hand side).
        var diagonal = new double[unknown.Length];
        var starts = new int[unknown.Length + 1];
        var columns = new List<int>();
        var weights = new List<double>();
        var known = new List<(int Row, int Pixel, double Weight)>();
        for (var k = 0; k < unknown.Length; k++)
        {
            var (y, x) = Math.DivRem(unknown[k], width);
            foreach (var (dy, dx, weight) in Neighbours)
            {
                var (yy, xx) = (y + dy, x + dx);
                if (yy < 0 || yy >= height || xx < 0 || xx >= width)
                {
                    continue;
                }

                var j = (yy * width) + xx;
                diagonal[k] += weight;
                if (slot[j] >= 0)
                {
                    columns.Add(slot[j]);
                    weights.Add(weight);
                }
                else
                {
                    known.Add((k, j, weight));
                }
            }

            starts[k + 1] = columns.Count;
        }

        var system = new SparseSystem(diagonal, starts, [.. columns], [.. weights]);
        for (var c = 0; c < 3; c++)
        {
            var b = new double[unknown.Length];
            foreach (var (row, pixel, weight) in known)
            {
                b[row] += weight * pixels[(c * plane) + pixel];
            }

            var solution = system.Solve(b);
            var draws = RandomValues.Normal(unknown.Length, noise, random);
            for (var k = 0; k < unknown.Length; k++)
            {
                result[(c * plane) + unknown[k]] = (float)solution[k] + draws[k];
            }
        }

        return result;
    }

    /// <summary>A = diag(d) − W with W the removed-neighbour weights, solved by conjugate gradients.</summary>
    private sealed record SparseSystem(double[] Diagonal, int[] Starts, int[] Columns, double[] Weights)
    {
        public double[] Solve(double[] b)
        {
            var n = b.Length;
            var x = new double[n];
            var r = (double[])b.Clone();
            var p = (double[])b.Clone();
            var ap = new double[n];
            var rs = Dot(r, r);
            var tolerance = 1e-20 * Math.Max(rs, 1e-30);
            for (var iteration = 0; iteration < 10 * n && rs > tolerance; iteration++)
            {
                Multiply(p, ap);
                var alpha = rs / Dot(p, ap);
                for (var i = 0; i < n; i++)
                {
                    x[i] += alpha * p[i];
                    r[i] -= alpha * ap[i];
                }

                var next = Dot(r, r);
                var beta = next / rs;
                rs = next;
                for (var i = 0; i < n; i++)
                {
                    p[i] = r[i] + (beta * p[i]);
                }
            }

            return x;
        }

        private void Multiply(double[] v, double[] result)
        {
            for (var i = 0; i < v.Length; i++)
            {
                var sum = Diagonal[i] * v[i];
                for (var e = Starts[i]; e < Starts[i + 1]; e++)
                {
                    sum -= Weights[e] * v[Columns[e]];
                }

                result[i] = sum;
            }
        }

        private static double Dot(double[] a, double[] b)
        {
            double sum = 0;
            for (var i = 0; i < a.Length; i++)
            {
                sum += a[i] * b[i];
            }

            return sum;
        }
    }
}
