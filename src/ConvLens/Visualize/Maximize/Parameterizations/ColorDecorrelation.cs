using static TorchSharp.torch;

namespace ConvLens.Visualize.Maximize;

/// <summary>
/// The fixed colour-correlation square root used by lucid: optimising in decorrelated colour space and mapping
/// back with this 3x3 matrix makes colours natural instead of saturated noise.
/// </summary>
/// <remarks>
/// Matrix from lucid's <c>color_correlation_svd_sqrt</c> (ImageNet colour covariance), divided by its largest column
/// norm as lucid does.
/// </remarks>
public static class ColorDecorrelation
{
    private static readonly float[,] SvdSqrt =
    {
        { 0.26f, 0.09f, 0.02f },
        { 0.27f, 0.00f, -0.05f },
        { 0.27f, -0.09f, 0.03f },
    };

    /// <summary>The normalised 3x3 matrix, row-major.</summary>
    public static IReadOnlyList<float> Matrix { get; } = Normalised();

    /// <summary>Maps decorrelated colour to RGB logits: each pixel's 3-vector is multiplied by the matrix.</summary>
    /// <param name="image">[N,3,H,W] in decorrelated space.</param>
    /// <returns>[N,3,H,W] in (pre-sigmoid) RGB space, in the caller's scope.</returns>
    public static Tensor Apply(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var scope = NewDisposeScope();
        var m = tensor(Matrix.ToArray(), device: image.device).view(3, 3);
        // out[c] = sum_k M[c,k] * in[k]; lucid: t_permute @ M.T
        var result = einsum("ck,nkhw->nchw", m, image);
        return result.MoveToOuterDisposeScope();
    }

    private static float[] Normalised()
    {
        var maxNorm = 0.0;
        for (var col = 0; col < 3; col++)
        {
            var norm = Math.Sqrt(Enumerable.Range(0, 3).Sum(row => (double)SvdSqrt[row, col] * SvdSqrt[row, col]));
            maxNorm = Math.Max(maxNorm, norm);
        }

        var result = new float[9];
        for (var row = 0; row < 3; row++)
        {
            for (var col = 0; col < 3; col++)
            {
                result[(row * 3) + col] = (float)(SvdSqrt[row, col] / maxNorm);
            }
        }

        return result;
    }
}
