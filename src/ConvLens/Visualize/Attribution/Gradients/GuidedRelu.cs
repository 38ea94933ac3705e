using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Gradients;

/// <summary>
/// Identity on a ReLU's (non-negative) output whose backward passes only positive gradients at positive
/// activations: the guided-backpropagation rule, applied after each ReLU through <see cref="Models.RunOverrides.Relu"/>.
/// </summary>
internal sealed class GuidedRelu : autograd.SingleTensorFunction<GuidedRelu>
{
    public override string Name => "GuidedRelu";

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var y = ((Tensor)vars[0]).clamp_min(0);
        ctx.save_for_backward([y]);
        return y;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var y = ctx.get_saved_variables()[0];
        var g = grad_output.clamp_min(0) * (y > 0).to(grad_output.dtype);
        return [g];
    }

    /// <summary>Applies the rule to <paramref name="reluOutput"/>.</summary>
    public static Tensor Apply(Tensor reluOutput) => apply(reluOutput);
}
