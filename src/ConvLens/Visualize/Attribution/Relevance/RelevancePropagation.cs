using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Relevance;

/// <summary>
/// Layer-wise relevance propagation as one backward pass through a rewritten forward: every linear layer's output is
/// replaced by z + (h − h̄) with h = z̃ · (z / stab(z̃)) held constant in its second factor, so the forward values stay
/// those of the model exactly while the gradient carries Rᵢ / xᵢ. ReLU, max pooling, average pooling and residual
/// additions keep their plain gradients, which are the proportional rules in this form (an addition a + b passes
/// a / (a+b) and b / (a+b) of its relevance to each side).
/// </summary>
/// <remarks>
/// The relevance of the input is value × gradient of the leaves made at the layer that reads the network input; that of
/// each bias, from one leaf per layer and image. A batch normalisation whose input is a convolution's output is folded
/// into that convolution and its rule recomputed from the convolution's input. One instance serves one run.
/// </remarks>
internal sealed class RelevancePropagation : IDisposable
{
    private readonly LrpComposite _composite;
    private readonly Tensor? _lower;
    private readonly Tensor? _upper;
    private readonly List<(Tensor Leaf, Tensor Value)> _inputLeaves = [];
    private readonly List<Tensor> _biasLeaves = [];
    private readonly List<Tensor> _owned = [];
    private Tensor? _networkInput;
    private (Tensor Output, LinearLayerCall Call)? _lastConvolution;

    /// <param name="composite">The rules.</param>
    /// <param name="lower">The preprocessed black image (for box rules), or null.</param>
    /// <param name="upper">The preprocessed white image, or null.</param>
    public RelevancePropagation(LrpComposite composite, Tensor? lower, Tensor? upper)
    {
        _composite = composite;
        _lower = lower;
        _upper = upper;
    }

    /// <summary>The overrides that apply the rules during a run.</summary>
    public RunOverrides Overrides => new() { LinearLayers = Rewrite };

    /// <summary>Layers whose rule was applied, in execution order; a convolution with its batch normalisation folded in is <c>conv+norm</c>.</summary>
    public List<string> RuledLayers { get; } = [];

    /// <summary>
    /// Relevance of the network input [N,C,H,W] and absorbed by biases [N] for a score computed from the run, and
    /// the gradient graph kept when <paramref name="retainGraph"/>.
    /// </summary>
    public (Tensor Input, Tensor Bias) Relevance(Tensor score, bool retainGraph)
    {
        if (_inputLeaves.Count == 0)
        {
            throw new ConvLensException("relevance propagation found no convolution, dense layer or batch normalisation reading the network input; LRP needs one");
        }

        // Every leaf joins the graph with weight 0, so leaves the score does not reach get a zero gradient, not an error.
        List<Tensor> leaves = [.. _inputLeaves.Select(l => l.Leaf), .. _biasLeaves];
        var total = score.sum();
        foreach (var leaf in leaves)
        {
            total = total + (leaf.sum() * 0f);
        }

        var grads = autograd.grad([total], leaves, retain_graph: retainGraph);
        using var noGrad = no_grad();
        var input = zeros_like(_inputLeaves[0].Value);
        for (var i = 0; i < _inputLeaves.Count; i++)
        {
            input.add_(_inputLeaves[i].Value * grads[i]);
        }

        var bias = zeros(score.shape[0], device: score.device);
        for (var i = 0; i < _biasLeaves.Count; i++)
        {
            bias.add_((_biasLeaves[i] * grads[_inputLeaves.Count + i]).flatten(1).sum(1));
        }

        return (input, bias);
    }

    private Tensor Rewrite(LinearLayerCall call)
    {
        var ruled = call;
        var name = call.Layer;
        if (call.Kind == LinearLayerKind.BatchNorm && _lastConvolution is { } conv && SameValue(call.Input, conv.Output))
        {
            ruled = conv.Call.FoldedWith(call);
            RuledLayers.Remove(conv.Call.Layer);
            name = $"{conv.Call.Layer}+{call.Layer}";
        }

        _networkInput ??= Own(call.Input.detach());
        if (call.Kind == LinearLayerKind.Convolution && call.FeedsNormalization)
        {
            // Its rule is applied once the batch norm that reads it is folded in: ruling it here would be wasted.
            Remember(call);
            return call.Output;
        }

        var readsInput = SameValue(ruled.Input, _networkInput);
        var rule = _composite.RuleFor(ruled.Kind, readsInput);
        if (rule.InputLayerOnly && !readsInput)
        {
            throw new ConvLensException($"rule {rule.Name} applies only to the layer that reads the network input, not to '{ruled.Layer}'");
        }

        var inputs = new RelevanceInputs(ruled.Input, readsInput ? InputLeaf : null, _lower, _upper);
        var modified = rule.Contributions(ruled, inputs);
        if (rule.Bias(ruled) is { } b)
        {
            // A bias leaf per image: its gradient times its value is the relevance that image's bias absorbs.
            var perImage = b.dim() == 1 ? LinearLayerCall.AlongChannels(b, modified.dim()).expand([modified.shape[0], .. Enumerable.Repeat(-1L, (int)modified.dim() - 1)]) : b;
            var leaf = Own(perImage.detach().clone().requires_grad_(true));
            _biasLeaves.Add(leaf);
            modified = modified + leaf;
        }

        var z = call.Output.detach();
        var carried = modified * (z / Stabilize(modified.detach(), rule.StabilizerEpsilon));
        var output = z + (carried - carried.detach());
        RuledLayers.Add(name);
        if (call.Kind == LinearLayerKind.Convolution)
        {
            Remember(call, output);
        }

        return output;
    }

    /// <summary>Keeps a convolution for folding into the batch norm that may read <paramref name="seen"/> (what the network sees of its output).</summary>
    private void Remember(LinearLayerCall call, Tensor? seen = null)
    {
        ForgetConvolution();

        // Holding the output keeps its storage from being reused, so a later input at that address is this output;
        // the call's own tensors are held for the fold, as the network may free its handles as soon as the layer ran.
        _lastConvolution = ((seen ?? call.Output).alias().DetachFromDisposeScope(), call.Retained());
    }

    private void ForgetConvolution()
    {
        if (_lastConvolution is { } previous)
        {
            previous.Output.Dispose();
            previous.Call.Input.Dispose();
            previous.Call.Output.Dispose();
            _lastConvolution = null;
        }
    }

    private Tensor InputLeaf(Tensor value)
    {
        var leaf = Own(value.detach().clone().requires_grad_(true));
        _inputLeaves.Add((leaf, Own(leaf.detach())));
        return leaf;
    }

    private Tensor Own(Tensor t)
    {
        t.DetachFromDisposeScope();
        _owned.Add(t);
        return t;
    }

    private static Tensor Stabilize(Tensor z, float epsilon) => z + ((z >= 0).to_type(z.dtype) * (2 * epsilon)) - epsilon;

    private static bool SameValue(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.storage_offset() != b.storage_offset() || a.dtype != b.dtype)
        {
            return false;
        }

        return Address(a) == Address(b);
    }

    private static IntPtr Address(Tensor t)
    {
        if (t.dtype == ScalarType.Float64)
        {
            using var d = t.storage<double>();
            return d.data_ptr();
        }

        using var f = t.storage<float>();
        return f.data_ptr();
    }

    public void Dispose()
    {
        foreach (var t in _owned)
        {
            t.Dispose();
        }

        _owned.Clear();
        ForgetConvolution();
        _inputLeaves.Clear();
        _biasLeaves.Clear();
    }
}
