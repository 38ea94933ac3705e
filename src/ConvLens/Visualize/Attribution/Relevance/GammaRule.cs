using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Relevance;

/// <summary>
/// LRP-γ, generalised to either sign: an output that is positive shares its relevance by its contributions with the
/// positive parts amplified (weights w + γ·w⁺ on positive inputs, w + γ·w⁻ on negative ones, bias b + γ·b⁺), a negative
/// output by the negative parts amplified; γ → ∞ tends to z⁺.
/// </summary>
/// <remarks>
/// Montavon et al. 2019, eq. 4, for positive inputs and outputs; Andéol et al., "Learning Domain Invariant
/// Representations by Joint Wasserstein Distance Minimization", 2021, and zennit's <c>Gamma</c> for the form that keeps
/// z̃ on the sign of z. The original form divides by z + γ·z⁺, which crosses zero where a folded batch norm makes z
/// negative, and then multiplies relevance by thousands.
/// </remarks>
public sealed class GammaRule(float gamma = 0.25f) : LrpRule
{
    /// <summary>γ, the weight given to the parts that agree with the output's sign.</summary>
    public float Gamma { get; } = gamma >= 0 ? gamma : throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "γ must be at least 0");

    /// <inheritdoc/>
    public override string Name => FormattableString.Invariant($"gamma={Gamma:G3}");

    /// <inheritdoc/>
    internal override Tensor Contributions(LinearLayerCall call, RelevanceInputs inputs)
    {
        var x = inputs.X;
        var (up, down) = (Amplified(call.Weight, positive: true), Amplified(call.Weight, positive: false));
        Tensor positive, negative;
        if (RelevanceInputs.IsNonNegative(x))
        {
            // After a ReLU there are no negative inputs, and half of the four convolutions would add zeros.
            (positive, negative) = (call.Apply(x, up), call.Apply(x, down));
        }
        else
        {
            var (positiveX, negativeX) = (x.clamp_min(0), x.clamp_max(0));
            positive = call.Apply(positiveX, up) + call.Apply(negativeX, down);
            negative = call.Apply(positiveX, down) + call.Apply(negativeX, up);
        }

        return BySign(call.Output.detach(), positive, negative);
    }

    /// <inheritdoc/>
    internal override Tensor? Bias(LinearLayerCall call)
    {
        if (call.Bias is not { } b)
        {
            return null;
        }

        var z = call.Output.detach();
        var channel = LinearLayerCall.AlongChannels(b, z.dim());
        return BySign(z, Amplified(channel, positive: true).expand_as(z), Amplified(channel, positive: false).expand_as(z));
    }

    private Tensor Amplified(Tensor p, bool positive) => p + ((positive ? p.clamp_min(0) : p.clamp_max(0)) * Gamma);

    /// <summary>The positive form where z &gt; 0, the negative one where z &lt; 0, nothing where z = 0.</summary>
    private static Tensor BySign(Tensor z, Tensor positive, Tensor negative) =>
        where(z > 0, positive, where(z < 0, negative, zeros_like(positive)));
}
