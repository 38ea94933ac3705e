using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>Projections of per-position feature vectors on their first principal component (Eigen-CAM and its kin).</summary>
internal static class PrincipalProjection
{
    /// <summary>
    /// Projects the positions of <paramref name="features"/> [N,C,h,w] (centred per channel over positions) on
    /// their first right singular vector → [N,h,w]. The sign of a singular vector is arbitrary: it is chosen so that
    /// the map correlates positively with <paramref name="reference"/> [N,h,w], so maps do not flip between runs.
    /// </summary>
    public static Tensor FirstComponent(Tensor features, Tensor reference)
    {
        var (n, ch, h, w) = (features.shape[0], features.shape[1], features.shape[2], features.shape[3]);
        var x = features.to(float64).reshape(n, ch, h * w).transpose(1, 2);
        x = x - x.mean([1], keepdim: true);
        // X v1 (v1 the first right singular vector) equals u1 s1: take whichever Gram matrix is smaller, [C,C] or
        // [hw,hw]; eigh of a small symmetric matrix is much faster than an SVD here.
        Tensor projection;
        if (ch <= h * w)
        {
            var (_, vectors) = linalg.eigh(x.transpose(1, 2).matmul(x));
            projection = x.matmul(vectors.select(2, ch - 1).unsqueeze(-1)).squeeze(-1);
        }
        else
        {
            var (values, vectors) = linalg.eigh(x.matmul(x.transpose(1, 2)));
            projection = vectors.select(2, (h * w) - 1) * values.narrow(1, (h * w) - 1, 1).clamp_min(0).sqrt();
        }

        return AlignSign(projection, reference.to(float64).reshape(n, h * w)).reshape(n, h, w).to(features.dtype);
    }

    /// <summary>Flips each row of <paramref name="projection"/> [N,P] whose covariance with <paramref name="reference"/> [N,P] is negative.</summary>
    public static Tensor AlignSign(Tensor projection, Tensor reference)
    {
        var centred = reference - reference.mean([1], keepdim: true);
        var negative = (projection * centred).sum(1, keepdim: true) < 0;
        return where(negative, -projection, projection);
    }
}
