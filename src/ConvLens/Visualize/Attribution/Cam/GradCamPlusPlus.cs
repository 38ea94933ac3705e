using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>Grad-CAM++: channel weights from positive gradients, weighted per position by the closed-form alphas.</summary>
/// <remarks>
/// Chattopadhyay et al., "Grad-CAM++: Improved Visual Explanations for Deep Convolutional Networks", WACV 2018,
/// https://arxiv.org/abs/1710.11063. Follows the paper's closed form, eq. 19, with the score passed through the
/// exponential (Y = exp(S)), so the second- and third-order derivatives become powers of the first:
/// alpha_ij = g_ij^2 / (2 g_ij^2 + sum_ab A_ab g_ij^3), with g = dS/dA, and alpha = 0 where g = 0.
/// The weights are w_k = sum_ij alpha_ij relu(dY/dA_ij) with dY/dA = exp(S) g (eq. 10). The factor exp(S) is one
/// positive number per image: it is dropped (it would overflow for large logits and normalisation removes it),
/// so raw maps are those of the paper divided by exp(S). Other popular denominators (sum of A times g^2, or the
/// third-order term without the spatial sum) are deliberately not used.
/// </remarks>
public sealed class GradCamPlusPlus : CamMethod
{
    /// <inheritdoc/>
    public override string Id => "grad-cam++";

    /// <inheritdoc/>
    public override string DisplayName => "Grad-CAM++";

    /// <inheritdoc/>
    public override string Description => "channels weighted by positive gradients with per-position alphas; several objects of one class";

    /// <inheritdoc/>
    protected override Tensor ChannelWeights(CamContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var g = c.RequireGradients();
        var g2 = g.pow(2);
        var g3 = g2 * g;
        var sumA = c.Activations.sum([2, 3], keepdim: true);
        var denominator = (2 * g2) + (sumA * g3);
        var safe = where(denominator != 0, denominator, ones_like(denominator));
        var alpha = where(g != 0, g2 / safe, zeros_like(g));
        return (alpha * nn.functional.relu(g)).sum([2, 3]);
    }
}
