using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>InstanceNormalization: per (n, c) biased statistics, then scale and bias per channel.</summary>
internal sealed class InstanceNormalizationOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var eps = ctx.Attributes.Float("epsilon", 1e-5f);
        return inputs => OpUtil.One(F.instance_norm(inputs[0]!, weight: inputs[1], bias: inputs[2], eps: eps));
    }
}

/// <summary>LayerNormalization (opset 17): normalizes from <c>axis</c> to the end; Mean and InvStdDev on request.</summary>
internal sealed class LayerNormalizationOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var axis = ctx.Attributes.Int("axis", -1);
        var eps = ctx.Attributes.Float("epsilon", 1e-5f);
        var stats = ctx.HasOutput(1) || ctx.HasOutput(2);
        return inputs =>
        {
            var x = inputs[0]!;
            var a = OpUtil.Axis(axis, x.dim());
            var dims = Enumerable.Range((int)a, (int)(x.dim() - a)).Select(i => (long)i).ToArray();
            var mean = x.mean(dims, keepdim: true);
            var centered = x - mean;
            var inv = (centered.pow(2).mean(dims, keepdim: true) + eps).rsqrt();
            var y = centered * inv * inputs[1]!;
            if (inputs.Length > 2 && inputs[2] is { } b)
            {
                y = y + b;
            }

            return stats ? [y, mean, inv] : [y];
        };
    }
}

/// <summary>
/// LRN across channels: Y = X / (bias + alpha/size · S)^beta. Written out rather than with libtorch's
/// local_response_norm, which puts the extra neighbour of an even size before c instead of after it.
/// </summary>
internal sealed class LrnOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var a = ctx.Attributes;
        var size = a.RequiredInt("size");
        var alpha = a.Float("alpha", 1e-4f);
        var beta = a.Float("beta", 0.75f);
        var bias = a.Float("bias", 1f);
        return inputs =>
        {
            var x = inputs[0]!;
            var shape = x.shape;
            var sq = x.pow(2).reshape(shape[0], 1, shape[1], -1);
            var before = (size - 1) / 2;
            var after = size - 1 - before;
            // The mean over a zero-padded window of size channels is S / size.
            var avg = F.avg_pool2d(F.pad(sq, [0, 0, before, after]), [size, 1], [1, 1]);
            return OpUtil.One(x / (bias + (alpha * avg.reshape(shape))).pow(beta));
        };
    }
}
