using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Relevance;

/// <summary>
/// The values a rule computes z̃ from. At inner layers the input is the graph's own tensor, so relevance flows on to
/// earlier layers; at the layer that reads the network input, the input and any constants a rule adds (bounds, ones)
/// are fresh leaves whose gradient times value is the relevance that lands on them.
/// </summary>
internal sealed class RelevanceInputs
{
    private readonly Tensor _input;
    private readonly Func<Tensor, Tensor>? _leaf;
    private Tensor? _x;

    /// <param name="input">The layer's input.</param>
    /// <param name="leaf">Null at inner layers; at the input layer, makes a relevance leaf holding a value.</param>
    /// <param name="lower">Lowest input value per element (the model's preprocessing of black), or null when unknown.</param>
    /// <param name="upper">Highest input value per element (preprocessed white), or null.</param>
    public RelevanceInputs(Tensor input, Func<Tensor, Tensor>? leaf, Tensor? lower, Tensor? upper)
    {
        _input = input;
        _leaf = leaf;
        Lower = lower;
        Upper = upper;
    }

    /// <summary>True at the layer that reads the network input.</summary>
    public bool IsInputLayer => _leaf is not null;

    /// <summary>The layer's input x.</summary>
    public Tensor X => _x ??= _leaf is null ? _input : _leaf(_input);

    /// <summary>Lowest input value per element, or null.</summary>
    public Tensor? Lower { get; }

    /// <summary>Highest input value per element, or null.</summary>
    public Tensor? Upper { get; }

    /// <summary>True when no value of <paramref name="x"/> is negative (a ReLU's output).</summary>
    public static bool IsNonNegative(Tensor x)
    {
        using var noGrad = no_grad();
        return x.min().item<float>() >= 0;
    }

    /// <summary>A constant the rule distributes relevance onto (input layer only).</summary>
    public Tensor Constant(Tensor value) =>
        _leaf is null ? throw new InvalidOperationException("constants receive relevance only at the input layer") : _leaf(value);
}
