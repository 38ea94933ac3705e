using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>
/// Pad: pads/value are attributes up to opset 10 and inputs from 11 (axes from 18). Constant padding works on
/// every axis and crops with negative pads; reflect, edge and wrap exist in libtorch for the last 1–3 axes only,
/// so leading axes must be unpadded there.
/// </summary>
internal sealed class PadOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var legacy = ctx.Opset < 11;
        var attrPads = legacy ? ctx.Attributes.Ints(ctx.Opset < 2 ? "paddings" : "pads") : null;
        var attrValue = legacy ? ctx.Attributes.Float("value", 0f) : 0f;
        var mode = ctx.Attributes.String("mode", "constant") switch
        {
            "constant" => PaddingModes.Constant,
            "reflect" => PaddingModes.Reflect,
            "edge" => PaddingModes.Replicate,
            "wrap" => PaddingModes.Circular,
            var m => throw ctx.Error($"mode '{m}' is not one of constant, reflect, edge, wrap"),
        };
        return inputs =>
        {
            var x = inputs[0]!;
            var rank = (int)x.dim();
            var raw = legacy ? attrPads ?? throw new ArgumentException("pads are missing") : OpUtil.Longs(inputs[1]!);
            var value = legacy ? attrValue : inputs.Length > 2 && inputs[2] is { } v && v.numel() > 0 ? OpUtil.Doubles(v)[0] : 0;
            var axes = !legacy && inputs.Length > 3 && inputs[3] is { } ax
                ? OpUtil.Longs(ax).Select(a => OpUtil.Axis(a, rank)).ToArray()
                : [.. Enumerable.Range(0, rank).Select(i => (long)i)];
            if (raw.Length != 2 * axes.Length)
            {
                throw new ArgumentException($"pads has {raw.Length} values; expected {2 * axes.Length}");
            }

            var b = new long[rank];
            var e = new long[rank];
            for (var i = 0; i < axes.Length; i++)
            {
                b[axes[i]] = raw[i];
                e[axes[i]] = raw[i + axes.Length];
            }

            return OpUtil.One(mode == PaddingModes.Constant ? F.pad(x, Padding.TorchPad(b, e), mode, value) : NonConstant(x, b, e, mode));
        };
    }

    private static Tensor NonConstant(Tensor x, long[] b, long[] e, PaddingModes mode)
    {
        // Negative pads crop first; the rest is padded with libtorch on the trailing axes.
        for (var i = 0; i < b.Length; i++)
        {
            var start = Math.Max(0, -b[i]);
            var stop = x.shape[i] - Math.Max(0, -e[i]);
            if (start > 0 || stop < x.shape[i])
            {
                x = x.narrow(i, start, stop - start);
            }
        }

        var first = Enumerable.Range(0, b.Length).FirstOrDefault(i => b[i] > 0 || e[i] > 0, b.Length);
        var k = b.Length - first;
        if (k == 0)
        {
            return x.alias();
        }

        if (k > 3)
        {
            throw new NotSupportedException("reflect/edge/wrap padding of more than the last 3 axes is not supported");
        }

        var type = x.dtype;
        var shape = x.shape;
        var lead = shape[..first].Aggregate(1L, (p, d) => p * d);
        var y = x.is_floating_point() ? x : x.to_type(ScalarType.Float64);
        y = y.reshape([1, lead, .. shape[first..]]);
        var pad = Padding.TorchPad([.. b[first..].Select(v => Math.Max(v, 0))], [.. e[first..].Select(v => Math.Max(v, 0))]);
        y = F.pad(y, pad, mode);
        y = y.reshape([.. shape[..first], .. y.shape[2..]]);
        return y.dtype == type ? y : y.to_type(type);
    }
}
