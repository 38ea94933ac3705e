using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>Activations with attributes: each reads its spec defaults once at compile time.</summary>
internal sealed class LeakyReluOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var alpha = ctx.Attributes.Float("alpha", 0.01f);
        return inputs => OpUtil.One(F.leaky_relu(inputs[0]!, alpha));
    }
}

/// <summary>Elu with alpha (default 1).</summary>
internal sealed class EluOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var alpha = ctx.Attributes.Float("alpha", 1f);
        return inputs => OpUtil.One(F.elu(inputs[0]!, alpha));
    }
}

/// <summary>Celu with alpha (default 1): max(0,x) + min(0, alpha·(exp(x/alpha) − 1)).</summary>
internal sealed class CeluOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var alpha = ctx.Attributes.Float("alpha", 1f);
        return inputs => OpUtil.One(inputs[0]!.clamp_min(0) + (alpha * ((inputs[0]! / alpha).exp() - 1)).clamp_max(0));
    }
}

/// <summary>Selu written out, so non-default alpha and gamma work too.</summary>
internal sealed class SeluOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var alpha = ctx.Attributes.Float("alpha", 1.67326319217681884765625f);
        var gamma = ctx.Attributes.Float("gamma", 1.05070102214813232421875f);
        return inputs =>
        {
            var x = inputs[0]!;
            return OpUtil.One(gamma * where(x > 0, x, alpha * (x.exp() - 1)));
        };
    }
}

/// <summary>HardSigmoid: clamp(alpha·x + beta, 0, 1); libtorch's hardsigmoid fixes alpha at 1/6, so not used.</summary>
internal sealed class HardSigmoidOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var alpha = ctx.Attributes.Float("alpha", 0.2f);
        var beta = ctx.Attributes.Float("beta", 0.5f);
        return inputs => OpUtil.One(((alpha * inputs[0]!) + beta).clamp(0, 1));
    }
}

/// <summary>ThresholdedRelu: x where x &gt; alpha (default 1), else 0.</summary>
internal sealed class ThresholdedReluOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var alpha = ctx.Attributes.Float("alpha", 1f);
        return inputs => OpUtil.One(inputs[0]! * (inputs[0]! > alpha).to_type(inputs[0]!.dtype));
    }
}

/// <summary>PRelu: numpy broadcasting from opset 7; a 1-D slope of length C is per channel (opset ≤ 6 files).</summary>
internal sealed class PReluOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx) => inputs =>
    {
        var x = inputs[0]!;
        var slope = inputs[1]!;
        if (slope.dim() == 1 && x.dim() > 2 && slope.shape[0] == x.shape[1] && slope.shape[0] != x.shape[^1])
        {
            slope = slope.reshape([-1, .. Enumerable.Repeat(1L, (int)x.dim() - 2)]);
        }

        return OpUtil.One(where(x >= 0, x, x * slope));
    };
}

/// <summary>Clip: bounds are attributes up to opset 10 and optional scalar inputs from 11 (absent = unbounded).</summary>
internal sealed class ClipOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var attrMin = ctx.Opset < 11 ? ctx.Attributes.Float("min", float.NegativeInfinity) : float.NegativeInfinity;
        var attrMax = ctx.Opset < 11 ? ctx.Attributes.Float("max", float.PositiveInfinity) : float.PositiveInfinity;
        return inputs =>
        {
            var x = inputs[0]!;
            double lo = attrMin, hi = attrMax;
            if (inputs.Length > 1 && inputs[1] is { } mn && mn.numel() > 0)
            {
                lo = OpUtil.Doubles(mn)[0];
            }

            if (inputs.Length > 2 && inputs[2] is { } mx && mx.numel() > 0)
            {
                hi = OpUtil.Doubles(mx)[0];
            }

            // min > max makes every output max, as clamp_min then clamp_max does.
            var y = double.IsNegativeInfinity(lo) ? x.alias() : x.clamp_min(OpUtil.ScalarLike(x, lo));
            return OpUtil.One(double.IsPositiveInfinity(hi) ? y : y.clamp_max(OpUtil.ScalarLike(x, hi)));
        };
    }
}

/// <summary>Softmax, LogSoftmax, Hardmax: before opset 13 the input is coerced to 2-D at axis (default 1).</summary>
/// <param name="normalize">The op along one dim (the registry row gives softmax, log-softmax or <see cref="Hardmax"/>).</param>
internal sealed class SoftmaxOp(Func<Tensor, long, Tensor> normalize) : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var legacy = ctx.Opset < 13;
        var axis = ctx.Attributes.Int("axis", legacy ? 1 : -1);
        return inputs =>
        {
            var x = inputs[0]!;
            var a = OpUtil.Axis(axis, x.dim());
            if (!legacy)
            {
                return OpUtil.One(normalize(x, a));
            }

            var rows = x.shape[..(int)a].Aggregate(1L, (p, d) => p * d);
            return OpUtil.One(normalize(x.reshape(rows, -1), 1).reshape(x.shape));
        };
    }

    /// <summary>Hardmax: one-hot of the first maximum along <paramref name="dim"/>.</summary>
    public static Tensor Hardmax(Tensor x, long dim) => zeros_like(x).scatter_(dim, x.argmax(dim, keepdim: true), ones_like(x));
}

/// <summary>Gelu (opset 20): approximate "none" or "tanh".</summary>
internal sealed class GeluOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var tanhForm = ctx.Attributes.String("approximate", "none") == "tanh";
        return inputs =>
        {
            var x = inputs[0]!;
            return OpUtil.One(tanhForm
                ? 0.5 * x * (1 + (Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x.pow(3)))).tanh())
                : F.gelu(x));
        };
    }
}
