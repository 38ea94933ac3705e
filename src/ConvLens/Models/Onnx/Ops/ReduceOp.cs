using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>
/// The Reduce* family. Axes come from the input when present and non-empty (ReduceSum from 13, the rest from
/// 18), else the attribute; none means all axes unless noop_with_empty_axes. Integer sums keep their type.
/// </summary>
/// <param name="reduce">The reduction over the given dims, keeping them as 1s; the kernel drops them for keepdims=0.</param>
internal sealed class ReduceOp(Func<Tensor, long[], Tensor> reduce) : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var attrAxes = ctx.Attributes.Ints("axes");
        var keep = ctx.Attributes.Int("keepdims", 1) != 0;
        var noop = ctx.Attributes.Int("noop_with_empty_axes", 0) != 0;
        return inputs =>
        {
            var x = inputs[0]!;
            var axes = inputs.Length > 1 && inputs[1] is { } t && t.numel() > 0 ? OpUtil.Longs(t) : attrAxes;
            if (axes is null || axes.Length == 0)
            {
                if (noop)
                {
                    return OpUtil.One(x.alias());
                }

                axes = [.. Enumerable.Range(0, (int)x.dim()).Select(i => (long)i)];
            }

            var dims = axes.Select(a => OpUtil.Axis(a, x.dim())).Distinct().Order().ToArray();
            var y = reduce(x, dims);
            if (!keep)
            {
                y = y.reshape([.. y.shape.Where((_, i) => !dims.Contains(i))]);
            }

            return OpUtil.One(y.dtype == x.dtype ? y : y.to_type(x.dtype));
        };
    }

    /// <summary>ReduceProd: libtorch's prod takes one dim at a time.</summary>
    public static Tensor Prod(Tensor x, long[] dims) => dims.Aggregate(x, (y, d) => y.prod(d, keepdim: true));

    /// <summary>ReduceLogSumExp, shifted by the finite maximum so large inputs do not overflow.</summary>
    public static Tensor LogSumExp(Tensor x, long[] dims)
    {
        var m = x.amax(dims, keepdim: true);
        var finite = where(m.isfinite(), m, zeros_like(m));
        return (x - finite).exp().sum(dims, keepdim: true).log() + finite;
    }
}

/// <summary>ArgMax/ArgMin: axis 0 and keepdims 1 by default; select_last_index picks the last tie.</summary>
internal sealed class ArgOp(bool max) : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var axis = ctx.Attributes.Int("axis", 0);
        var keep = ctx.Attributes.Int("keepdims", 1) != 0;
        var last = ctx.Attributes.Int("select_last_index", 0) != 0;
        return inputs =>
        {
            var x = inputs[0]!;
            var a = OpUtil.Axis(axis, x.dim());
            var src = last ? x.flip(a) : x;
            var idx = max ? src.argmax(a, keep) : src.argmin(a, keep);
            return OpUtil.One(last ? x.shape[a] - 1 - idx : idx);
        };
    }
}
