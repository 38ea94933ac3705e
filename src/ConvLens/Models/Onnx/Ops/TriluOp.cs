using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>
/// Trilu (opset 14): keeps the upper (upper=1, the default) or lower triangle of the last two axes, shifted by the
/// optional one-element input k (positive: above the main diagonal). libtorch's triu and tril are the same rule.
/// </summary>
internal sealed class TriluOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var upper = ctx.Attributes.Flag("upper", true);
        return inputs =>
        {
            var x = inputs[0]!;
            if (x.dim() < 2)
            {
                throw new ArgumentException($"input [{string.Join(",", x.shape)}] needs at least 2 dimensions");
            }

            var k = inputs.Length > 1 && inputs[1] is { } kt
                ? (OpUtil.Longs(kt) is [var v] ? v : throw new ArgumentException("k must hold exactly one value"))
                : 0;
            return OpUtil.One(upper ? x.triu(k) : x.tril(k));
        };
    }
}
