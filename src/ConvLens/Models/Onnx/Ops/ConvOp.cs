using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>Conv (1-D to 3-D, groups, dilations, begin/end pads, auto_pad); kernel_shape defaults to W's.</summary>
internal sealed class ConvOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var a = ctx.Attributes;
        var group = a.Int("group", 1);
        var strides = a.Ints("strides");
        var dilations = a.Ints("dilations");
        var padding = new Padding(ctx);
        return inputs =>
        {
            var x = inputs[0]!;
            var w = inputs[1]!;
            var n = (int)x.dim() - 2;
            if (n is < 1 or > 3 || w.dim() != n + 2)
            {
                throw new ArgumentException($"Conv needs X [N,C,spatial...] with 1-3 spatial axes and W of the same rank, got X [{string.Join(",", x.shape)}], W [{string.Join(",", w.shape)}]");
            }

            var s = strides ?? Enumerable.Repeat(1L, n).ToArray();
            var d = dilations ?? Enumerable.Repeat(1L, n).ToArray();
            var len = x.shape[2..];
            var eff = Enumerable.Range(0, n).Select(i => ((w.shape[i + 2] - 1) * d[i]) + 1).ToArray();
            var (b, e) = padding.Resolve(len, eff, s);
            var sym = Padding.Symmetric(len, b, e, eff, s, ceil: false);
            if (sym is null)
            {
                // Rare: an end pad larger than the begin pad, or one that a window reads. Zero padding is exact.
                x = F.pad(x, Padding.TorchPad(b, e));
                sym = new long[n];
            }

            var bias = inputs.Length > 2 ? inputs[2] : null;
            return OpUtil.One(n switch
            {
                1 => F.conv1d(x, w, bias, s[0], sym[0], d[0], group),
                2 when SubPixelStemConvolution.Applies(x, w, bias, s, d, group) => SubPixelStemConvolution.Apply(x, w, bias, s, sym),
                2 => F.conv2d(x, w, bias, s, sym, d, group),
                _ => F.conv3d(x, w, bias, s, sym, d, group),
            });
        };
    }
}
