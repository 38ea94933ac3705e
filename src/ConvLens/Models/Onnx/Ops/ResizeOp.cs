using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>
/// Resize (opset 10+) and Upsample (7–9), one axis at a time with index_select and weights: exact for every
/// coordinate transform and nearest rule, and differentiable (docs/contributing/onnx-import-pitfalls.md §8).
/// Modes: nearest, linear, cubic.
/// </summary>
internal sealed class ResizeOp(bool upsample) : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var a = ctx.Attributes;
        var legacy = upsample || ctx.Opset < 11;
        var mode = a.String("mode", "nearest") switch
        {
            "bilinear" or "linear" => "linear",
            "nearest" => "nearest",
            "cubic" => "cubic",
            var m => throw ctx.Error($"mode '{m}' is not one of nearest, linear, cubic"),
        };
        var transform = legacy ? "asymmetric" : a.String("coordinate_transformation_mode", "half_pixel");
        var nearest = legacy ? "floor" : a.String("nearest_mode", "round_prefer_floor");
        var cubicA = a.Float("cubic_coeff_a", -0.75f);
        var exclude = a.Int("exclude_outside", 0) != 0;
        var axesAttr = a.Ints("axes");
        var attrScales = upsample && ctx.Opset < 9 ? a.Floats("scales") : null;
        if (transform == "tf_crop_and_resize")
        {
            throw ctx.Error("coordinate_transformation_mode 'tf_crop_and_resize' is not supported");
        }

        if (a.Int("antialias", 0) != 0 || a.String("keep_aspect_ratio_policy", "stretch") != "stretch")
        {
            throw ctx.Error("antialias and keep_aspect_ratio_policy other than 'stretch' are not supported");
        }

        return inputs =>
        {
            var x = inputs[0]!;
            var rank = (int)x.dim();
            // Upsample-9 and Resize-10: (X, scales). Resize-11+: (X, roi, scales, sizes); empty means absent.
            var scalesIn = legacy ? (inputs.Length > 1 ? inputs[1] : null) : (inputs.Length > 2 ? inputs[2] : null);
            var sizesIn = !legacy && inputs.Length > 3 ? inputs[3] : null;
            var axes = axesAttr?.Select(v => OpUtil.Axis(v, rank)).ToArray() ?? [.. Enumerable.Range(0, rank).Select(i => (long)i)];
            double[]? scales = attrScales?.Select(f => (double)f).ToArray() ?? (scalesIn is { } s && s.numel() > 0 ? OpUtil.Doubles(s) : null);
            var sizes = sizesIn is { } z && z.numel() > 0 ? OpUtil.Longs(z) : null;
            if (scales is null && sizes is null)
            {
                throw new ArgumentException("Resize needs scales or sizes");
            }

            var y = x.is_floating_point() || mode == "nearest" ? x.alias() : x.to_type(ScalarType.Float32);
            for (var i = 0; i < axes.Length; i++)
            {
                var axis = axes[i];
                var len = x.shape[axis];
                var scale = scales is not null ? scales[i] : sizes![i] / (double)len;
                var outLen = sizes is not null ? sizes[i] : (long)Math.Floor(len * scale);
                if (outLen == len && scale == 1.0)
                {
                    continue;
                }

                var coord = Coordinates(transform, outLen, len, scale, scales is not null ? len * scale : outLen);
                y = mode switch
                {
                    "nearest" => y.index_select(axis, tensor(coord.Select(c => Math.Clamp(Round(nearest, c), 0, len - 1)).ToArray(), device: x.device)),
                    "linear" => Weighted(y, axis, coord, len, c => [(Math.Floor(c), 1 - (c - Math.Floor(c))), (Math.Floor(c) + 1, c - Math.Floor(c))], false),
                    _ => Weighted(y, axis, coord, len, c => Cubic(c, cubicA), exclude),
                };
            }

            return OpUtil.One(y.dtype == x.dtype ? y : y.round().to_type(x.dtype));
        };
    }

    private static double[] Coordinates(string transform, long outLen, long len, double scale, double rAlign)
    {
        var c = new double[outLen];
        for (var x = 0; x < outLen; x++)
        {
            c[x] = transform switch
            {
                "half_pixel" => ((x + 0.5) / scale) - 0.5,
                "pytorch_half_pixel" => outLen > 1 ? ((x + 0.5) / scale) - 0.5 : 0,
                "align_corners" => rAlign <= 1 ? 0 : x * (len - 1) / (rAlign - 1),
                "asymmetric" => x / scale,
                "tf_half_pixel_for_nn" => (x + 0.5) / scale,
                "half_pixel_symmetric" => (len / 2.0 * (1 - (outLen / (scale * len)))) + ((x + 0.5) / scale) - 0.5,
                _ => throw new NotSupportedException($"coordinate_transformation_mode '{transform}' is not supported"),
            };
        }

        return c;
    }

    private static long Round(string rule, double v) => rule switch
    {
        "round_prefer_ceil" => (long)Math.Floor(v + 0.5),
        "floor" => (long)Math.Floor(v),
        "ceil" => (long)Math.Ceiling(v),
        _ => (long)Math.Ceiling(v - 0.5),
    };

    // Keys cubic kernel with coefficient a over the taps floor(c)−1 … floor(c)+2.
    private static (double Index, double Weight)[] Cubic(double c, double a)
    {
        var f = Math.Floor(c);
        var t = c - f;
        static double K(double s, double a)
        {
            s = Math.Abs(s);
            return s <= 1 ? ((a + 2) * s * s * s) - ((a + 3) * s * s) + 1
                : s < 2 ? (a * s * s * s) - (5 * a * s * s) + (8 * a * s) - (4 * a) : 0;
        }

        return [(f - 1, K(t + 1, a)), (f, K(t, a)), (f + 1, K(1 - t, a)), (f + 2, K(2 - t, a))];
    }

    private static Tensor Weighted(Tensor y, long axis, double[] coord, long len, Func<double, (double Index, double Weight)[]> taps, bool exclude)
    {
        var all = coord.Select(taps).ToArray();
        var k = all[0].Length;
        Tensor? result = null;
        for (var j = 0; j < k; j++)
        {
            var idx = new long[coord.Length];
            var w = new double[coord.Length];
            for (var o = 0; o < coord.Length; o++)
            {
                var (index, weight) = all[o][j];
                var outside = index < 0 || index > len - 1;
                idx[o] = (long)Math.Clamp(index, 0, len - 1);
                w[o] = exclude && outside ? 0 : weight;
                if (exclude)
                {
                    var total = all[o].Where(tp => tp.Index >= 0 && tp.Index <= len - 1).Sum(tp => tp.Weight);
                    w[o] /= total;
                }
            }

            var shape = Enumerable.Repeat(1L, (int)y.dim()).ToArray();
            shape[axis] = coord.Length;
            var weights = tensor(w, device: y.device).to_type(y.dtype).reshape(shape);
            var term = y.index_select(axis, tensor(idx, device: y.device)) * weights;
            result = result is null ? term : result + term;
        }

        return result!;
    }
}
