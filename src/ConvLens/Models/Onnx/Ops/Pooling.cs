using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>Shared geometry of MaxPool and AveragePool: 1-D pools are lifted to 2-D with a unit axis.</summary>
internal abstract class PoolOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var a = ctx.Attributes;
        var kernel = a.Ints("kernel_shape") ?? throw ctx.Error("required attribute 'kernel_shape' is missing");
        var n = kernel.Length;
        // ONNX's default stride is 1, libtorch's is the kernel: always pass it.
        var strides = a.Ints("strides") ?? Enumerable.Repeat(1L, n).ToArray();
        var dilations = a.Ints("dilations") ?? Enumerable.Repeat(1L, n).ToArray();
        var ceil = a.Int("ceil_mode", 0) != 0;
        var padding = new Padding(ctx);
        if (n is < 1 or > 3 || strides.Length != n || dilations.Length != n)
        {
            throw ctx.Error($"kernel_shape, strides and dilations must have 1-3 equal lengths, got {kernel.Length}, {strides.Length}, {dilations.Length}");
        }

        if (ctx.HasOutput(1))
        {
            throw ctx.Error("the Indices output is not supported");
        }

        var extra = Configure(ctx);
        return inputs =>
        {
            var x = inputs[0]!;
            if (x.dim() != n + 2)
            {
                throw new ArgumentException($"input rank {x.dim()} does not match kernel_shape [{string.Join(",", kernel)}]");
            }

            var len = x.shape[2..];
            var eff = Enumerable.Range(0, n).Select(i => ((kernel[i] - 1) * dilations[i]) + 1).ToArray();
            var (b, e) = padding.Resolve(len, eff, strides);
            var outLen = Enumerable.Range(0, n).Select(i => Padding.OutputLength(len[i], b[i], e[i], eff[i], strides[i], ceil)).ToArray();
            var lifted = n == 1;
            long[] k = kernel, s = strides, d = dilations, pb = b, pe = e;
            if (lifted)
            {
                x = x.unsqueeze(2);
                (k, s, d, pb, pe) = ([1, k[0]], [1, s[0]], [1, d[0]], [0, b[0]], [0, e[0]]);
            }

            var y = Pool(x, k, s, d, pb, pe, ceil, extra);
            for (var i = 0; i < n; i++)
            {
                var axis = y.dim() - n + i;
                if (y.shape[axis] > outLen[i])
                {
                    // libtorch applies its ceil-mode drop rule to the padded tensor; ONNX's rule is on the original.
                    y = y.narrow(axis, 0, outLen[i]);
                }
            }

            return OpUtil.One(lifted ? y.squeeze(2) : y);
        };
    }

    protected virtual object? Configure(NodeContext ctx) => null;

    protected abstract Tensor Pool(Tensor x, long[] k, long[] s, long[] d, long[] b, long[] e, bool ceil, object? extra);

    protected static bool NativePadOk(long[] sym, long[] k) => sym.Select((p, i) => 2 * p <= k[i]).All(ok => ok);

    protected static long[] Spatial(Tensor x) => x.shape[2..];
}

/// <summary>MaxPool: native when pads are (equivalent to) symmetric and at most half the kernel, else −inf padding.</summary>
internal sealed class MaxPoolOp : PoolOp
{
    protected override Tensor Pool(Tensor x, long[] k, long[] s, long[] d, long[] b, long[] e, bool ceil, object? extra)
    {
        var eff = k.Select((kk, i) => ((kk - 1) * d[i]) + 1).ToArray();
        var sym = Padding.Symmetric(Spatial(x), b, e, eff, s, ceil);
        var type = x.dtype;
        if (!x.is_floating_point())
        {
            // Integer max pooling is missing from some libtorch builds; float64 is exact below 2^53.
            x = x.to_type(ScalarType.Float64);
        }

        if (sym is null || !NativePadOk(sym, k))
        {
            x = F.pad(x, Padding.TorchPad(b, e), value: double.NegativeInfinity);
            sym = new long[k.Length];
        }

        var y = k.Length == 2
            ? ChannelsLastMaxPool2d(x, k, s, sym, d, ceil)
            : F.max_pool3d(x, k, s, sym, d, ceil);
        return y.dtype == type ? y : y.to_type(type);
    }

    // Channels-last memory off the gradient path, and its fast forward paired with a scatter backward on it: see
    // ChannelsLastPooling and GradientMaxPool2d for why and the measurements.
    private static Tensor ChannelsLastMaxPool2d(Tensor x, long[] k, long[] s, long[] p, long[] d, bool ceil) =>
        ChannelsLastPooling.Applies(x) ? F.max_pool2d(ChannelsLastPooling.ToChannelsLast(x), k, s, p, d, ceil).contiguous()
        : GradientMaxPool2d.Applies(x) ? GradientMaxPool2d.Apply(x, k, s, p, d, ceil)
        : F.max_pool2d(x, k, s, p, d, ceil);
}

/// <summary>AveragePool with ONNX's count_include_pad default of 0 (libtorch's is true, so it is always passed).</summary>
internal sealed class AveragePoolOp : PoolOp
{
    protected override object? Configure(NodeContext ctx)
    {
        if (ctx.Attributes.Ints("dilations") is { } d && d.Any(v => v != 1))
        {
            throw ctx.Error("AveragePool dilations other than 1 are not supported");
        }

        return ctx.Attributes.Int("count_include_pad", 0) != 0;
    }

    protected override Tensor Pool(Tensor x, long[] k, long[] s, long[] d, long[] b, long[] e, bool ceil, object? extra)
    {
        var includePad = (bool)extra!;
        var sym = Padding.Symmetric(Spatial(x), b, e, k, s, ceil);
        if (sym is not null && NativePadOk(sym, k))
        {
            return Avg(x, k, s, sym, ceil, includePad, null);
        }

        var padded = F.pad(x, Padding.TorchPad(b, e));
        var zero = new long[k.Length];
        if (includePad)
        {
            return Avg(padded, k, s, zero, ceil, true, null);
        }

        // Sum of each window over the number of real input elements in it.
        var sum = Avg(padded, k, s, zero, ceil, true, 1);
        var count = Avg(F.pad(ones_like(x), Padding.TorchPad(b, e)), k, s, zero, ceil, true, 1);
        return sum / count;
    }

    private static Tensor Avg(Tensor x, long[] k, long[] s, long[] p, bool ceil, bool includePad, long? divisor) => k.Length == 2
        ? F.avg_pool2d(x, k, s, p, ceil, includePad, divisor)
        : F.avg_pool3d(x, k, s, p, ceil, includePad, divisor);
}

/// <summary>GlobalAveragePool: mean over every spatial axis, kept as 1s.</summary>
internal sealed class GlobalAveragePoolOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx) =>
        inputs => OpUtil.One(inputs[0]!.mean([.. Enumerable.Range(2, (int)inputs[0]!.dim() - 2).Select(i => (long)i)], keepdim: true));
}

/// <summary>GlobalMaxPool: max over every spatial axis, kept as 1s.</summary>
internal sealed class GlobalMaxPoolOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx) =>
        inputs => OpUtil.One(inputs[0]!.amax([.. Enumerable.Range(2, (int)inputs[0]!.dim() - 2).Select(i => (long)i)], keepdim: true));
}
