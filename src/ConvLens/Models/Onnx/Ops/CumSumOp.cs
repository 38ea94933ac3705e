using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>
/// CumSum (opset 11): running sums along the axis given as a one-element input. exclusive=1 leaves out the element
/// itself (the sum starts at 0), reverse=1 sums from the end. The result keeps the input's type (libtorch's cumsum
/// widens integers to int64).
/// </summary>
internal sealed class CumSumOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var exclusive = ctx.Attributes.Flag("exclusive", false);
        var reverse = ctx.Attributes.Flag("reverse", false);
        return inputs =>
        {
            var x = inputs[0]!;
            var a = OpUtil.Axis(OpUtil.Longs(inputs[1]!) is [var v] ? v : throw new ArgumentException("axis must hold exactly one value"), x.dim());
            var y = reverse ? x.flip(a) : x;
            y = y.cumsum(a, x.dtype);
            if (exclusive)
            {
                // Shift by one along the axis: the first sum is 0 and the last one drops out.
                var first = zeros_like(y.narrow(a, 0, Math.Min(1, y.shape[a])));
                y = cat([first, y.narrow(a, 0, Math.Max(y.shape[a] - 1, 0))], a);
            }

            return OpUtil.One(reverse ? y.flip(a) : y);
        };
    }
}
