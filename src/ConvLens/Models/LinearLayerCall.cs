using static TorchSharp.torch;

namespace ConvLens.Models;

/// <summary>
/// One call of a linear layer during a run: what it received and computed, its weight and bias, and the same map
/// applied to another input and weight. Relevance rules (<see cref="RunOverrides.LinearLayers"/>) recompute a layer with
/// modified weights from this; every model reports its linear layers the same way.
/// </summary>
public sealed class LinearLayerCall
{
    private readonly Func<Tensor, Tensor, Tensor> _apply;
    private readonly Func<Tensor>? _unbiased;

    /// <summary>Describes one call.</summary>
    /// <param name="layer">The canonical name of the layer's output.</param>
    /// <param name="kind">Convolution, dense or batch normalisation.</param>
    /// <param name="input">The input as the layer received it (in the autograd graph).</param>
    /// <param name="output">The output as the layer computed it from <paramref name="input"/>, in the autograd graph.</param>
    /// <param name="weight">Convolution or dense weight in the layer's own layout; for batch normalisation the scale per channel.</param>
    /// <param name="bias">The additive bias per output channel (axis 1 of the output), or null.</param>
    /// <param name="apply">The layer without its bias applied to another input and weight (same strides, padding, groups, transposes, scale).</param>
    public LinearLayerCall(string layer, LinearLayerKind kind, Tensor input, Tensor output, Tensor weight, Tensor? bias, Func<Tensor, Tensor, Tensor> apply)
        : this(layer, kind, input, output, weight, bias, apply, null)
    {
    }

    private LinearLayerCall(string layer, LinearLayerKind kind, Tensor input, Tensor output, Tensor weight, Tensor? bias, Func<Tensor, Tensor, Tensor> apply, Func<Tensor>? unbiased)
    {
        Layer = layer;
        Kind = kind;
        Input = input;
        Output = output;
        Weight = weight;
        Bias = bias;
        _apply = apply;
        _unbiased = unbiased;
    }

    /// <summary>The canonical name of the layer's output.</summary>
    public string Layer { get; }

    /// <summary>Convolution, dense or batch normalisation.</summary>
    public LinearLayerKind Kind { get; }

    /// <summary>The input as the layer received it.</summary>
    public Tensor Input { get; }

    /// <summary>The output as the layer computed it.</summary>
    public Tensor Output { get; }

    /// <summary>The weight; for batch normalisation the scale per channel (gamma / sqrt(var + eps)).</summary>
    public Tensor Weight { get; }

    /// <summary>The additive bias per output channel, or null; for batch normalisation beta - mean * scale.</summary>
    public Tensor? Bias { get; }

    /// <summary>
    /// True when the model knows that this convolution's output goes to a batch normalisation and nowhere else, so a
    /// rule is only needed once the two are folded (<see cref="FoldedWith"/>).
    /// </summary>
    public bool FeedsNormalization { get; init; }

    /// <summary>The layer's bias-free map applied to <paramref name="input"/> with <paramref name="weight"/>.</summary>
    public Tensor Apply(Tensor input, Tensor weight) => _apply(input, weight);

    /// <summary>
    /// The output without its bias, as a function of <see cref="Input"/> in the autograd graph (the layer's own
    /// computation reused, not a second one).
    /// </summary>
    public Tensor Unbiased() => _unbiased?.Invoke() ?? (Bias is null ? Output : Output - AlongChannels(Bias, Output.dim()));

    /// <summary>Values per channel [C] viewed to broadcast along axis 1 of a tensor of rank <paramref name="rank"/> ([C,1,...]).</summary>
    public static Tensor AlongChannels(Tensor perChannel, long rank)
    {
        ArgumentNullException.ThrowIfNull(perChannel);
        return perChannel.view([-1, .. Enumerable.Repeat(1L, (int)rank - 2)]);
    }

    /// <summary>The same call with handles of its input and output that outlive the run's own (the caller disposes them).</summary>
    public LinearLayerCall Retained() => new(Layer, Kind, Input.alias().DetachFromDisposeScope(), Output.alias().DetachFromDisposeScope(), Weight, Bias, _apply, _unbiased);

    /// <summary>The batch normalisation that follows this convolution folded into it (canonization): one call from the convolution's input to the normalisation's output.</summary>
    /// <param name="norm">A <see cref="LinearLayerKind.BatchNorm"/> call whose input is this call's output.</param>
    /// <remarks>Only convolutions fold: their weight's output channels are axis 0 in every layout, a dense weight's are not.</remarks>
    public LinearLayerCall FoldedWith(LinearLayerCall norm)
    {
        ArgumentNullException.ThrowIfNull(norm);
        if (norm.Kind != LinearLayerKind.BatchNorm || Kind != LinearLayerKind.Convolution)
        {
            throw new ArgumentException($"only a batch normalisation folds into a convolution, not {norm.Kind} into {Kind}", nameof(norm));
        }

        // s (W x + b) + t = (s W) x + (s b + t), with s broadcast over W's input and kernel axes.
        var scale = norm.Weight.view([-1, .. Enumerable.Repeat(1L, (int)Weight.dim() - 1)]);
        var bias = Bias is null ? norm.Bias : (norm.Bias is null ? Bias * norm.Weight : (Bias * norm.Weight) + norm.Bias);
        var perChannel = AlongChannels(norm.Weight, Output.dim());
        return new LinearLayerCall(norm.Layer, Kind, Input, norm.Output, Weight * scale, bias, _apply, () => Unbiased() * perChannel);
    }
}
