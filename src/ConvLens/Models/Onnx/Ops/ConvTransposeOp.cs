using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>
/// ConvTranspose via the exact general recipe (docs/contributing/onnx-import-pitfalls.md §3.5): transposed conv
/// without padding or bias, append output_padding at the end, crop begin/end pads (negative totals extend with
/// zeros), then add the bias.
/// </summary>
internal sealed class ConvTransposeOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var a = ctx.Attributes;
        var group = a.Int("group", 1);
        var strides = a.Ints("strides");
        var dilations = a.Ints("dilations");
        var pads = a.Ints("pads");
        var outputPadding = a.Ints("output_padding");
        var outputShape = a.Ints("output_shape");
        var autoPad = a.String("auto_pad", "NOTSET");
        return inputs =>
        {
            var x = inputs[0]!;
            var w = inputs[1]!;
            var n = (int)x.dim() - 2;
            var s = strides ?? Enumerable.Repeat(1L, n).ToArray();
            var d = dilations ?? Enumerable.Repeat(1L, n).ToArray();
            var op = outputPadding ?? new long[n];
            var y = n switch
            {
                1 => F.conv_transpose1d(x, w, null, s[0], 0, 0, d[0], group),
                2 => F.conv_transpose2d(x, w, null, s, new long[2], new long[2], d, group),
                3 => F.conv_transpose3d(x, w, null, s, new long[3], new long[3], d, group),
                _ => throw new ArgumentException($"ConvTranspose needs 1-3 spatial axes, got X [{string.Join(",", x.shape)}]"),
            };
            var crop = new long[2 * n];
            for (var i = 0; i < n; i++)
            {
                var len = x.shape[i + 2];
                var eff = ((w.shape[i + 2] - 1) * d[i]) + 1;
                long b, e;
                if (outputShape is not null || autoPad is "SAME_UPPER" or "SAME_LOWER")
                {
                    var target = outputShape is not null ? outputShape[outputShape.Length - n + i] : len * s[i];
                    var total = (s[i] * (len - 1)) + op[i] + eff - target;
                    var half = Padding.FloorDiv(total, 2);
                    (b, e) = autoPad == "SAME_UPPER" ? (half, total - half) : (total - half, half);
                }
                else
                {
                    (b, e) = pads is null ? (0, 0) : (pads[i], pads[i + n]);
                }

                // F.pad crops with negative values: end gets output_padding zeros appended first.
                crop[2 * (n - 1 - i)] = -b;
                crop[(2 * (n - 1 - i)) + 1] = op[i] - e;
            }

            if (crop.Any(c => c != 0))
            {
                y = F.pad(y, crop);
            }

            if (inputs.Length > 2 && inputs[2] is { } bias)
            {
                y = y + bias.reshape([1, -1, .. Enumerable.Repeat(1L, n)]);
            }

            return OpUtil.One(y);
        };
    }
}
