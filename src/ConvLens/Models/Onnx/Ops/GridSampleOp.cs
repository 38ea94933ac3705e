using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>
/// GridSample (opset 16): samples X [N, C, H, W] at the normalized positions of grid [N, H', W', 2] (x first, −1 to
/// 1), which is libtorch's grid_sample with the same modes, padding modes and align_corners, and its backward to
/// both inputs. Opset 20 renamed the modes linear and cubic (the old names are still accepted there) and allows
/// volumes [N, C, D, H, W], which libtorch samples linearly or nearest but not cubically. TorchSharp 0.107's
/// grid_sample has no bicubic mode (libtorch's C++ options lack it), so bicubic is written out here with libtorch's
/// own rule: 4x4 taps with the Keys kernel (a = −0.75), the padding mode applied to each tap.
/// </summary>
internal sealed class GridSampleOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var renamed = ctx.Opset >= 20;
        var modeName = ctx.Attributes.String("mode", renamed ? "linear" : "bilinear");
        GridSampleMode? mode = (modeName, renamed) switch
        {
            ("bilinear", _) or ("linear", true) => GridSampleMode.Bilinear,
            ("nearest", _) => GridSampleMode.Nearest,
            ("bicubic", _) or ("cubic", true) => null,
            _ => throw ctx.Error($"attribute 'mode' is '{modeName}'; expected {(renamed ? "linear, nearest or cubic" : "bilinear, nearest or bicubic")}"),
        };
        var paddingName = ctx.Attributes.String("padding_mode", "zeros");
        var padding = paddingName switch
        {
            "zeros" => GridSamplePaddingMode.Zeros,
            "border" => GridSamplePaddingMode.Border,
            "reflection" => GridSamplePaddingMode.Reflection,
            _ => throw ctx.Error($"attribute 'padding_mode' is '{paddingName}'; expected zeros, border or reflection"),
        };
        var alignCorners = ctx.Attributes.Flag("align_corners", false);
        return inputs =>
        {
            var (x, grid) = (inputs[0]!, inputs[1]!);
            var spatial = x.dim() - 2;
            if (spatial is not (2 or 3) || (spatial == 3 && !renamed) || grid.dim() != x.dim() || grid.shape[0] != x.shape[0] || grid.shape[^1] != spatial)
            {
                throw new ArgumentException(
                    $"X [{string.Join(",", x.shape)}] and grid [{string.Join(",", grid.shape)}] must be [N,C,H,W] and [N,H',W',2]{(renamed ? ", or [N,C,D,H,W] and [N,D',H',W',3]" : "")}");
            }

            if (spatial == 3 && mode is null)
            {
                throw new ArgumentException("cubic sampling of a volume [N,C,D,H,W] is not supported (libtorch samples volumes linearly or nearest)");
            }

            var g = grid.to_type(x.dtype);
            return OpUtil.One(mode is { } m ? F.grid_sample(x, g, m, padding, alignCorners) : Bicubic(x, g, padding, alignCorners));
        };
    }

    /// <summary>
    /// Bicubic sampling of X [N, C, H, W] at grid [N, H', W', 2], as libtorch's grid_sampler_2d computes it. The
    /// gradient reaches X through the gathers and the grid through the tap weights.
    /// </summary>
    private static Tensor Bicubic(Tensor x, Tensor grid, GridSamplePaddingMode padding, bool alignCorners)
    {
        var (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var (outH, outW) = (grid.shape[1], grid.shape[2]);
        var ix = Unnormalize(grid[.., .., .., 0], w, alignCorners);
        var iy = Unnormalize(grid[.., .., .., 1], h, alignCorners);
        var (x0, y0) = (ix.floor().detach(), iy.floor().detach());
        var wx = KeysWeights(ix - x0);
        var wy = KeysWeights(iy - y0);
        var flat = x.reshape(n, c, h * w);
        Tensor? sum = null;
        for (var j = 0; j < 4; j++)
        {
            var (row, rowInside) = Tap(y0 + (j - 1), h, padding, alignCorners);
            for (var i = 0; i < 4; i++)
            {
                var (col, colInside) = Tap(x0 + (i - 1), w, padding, alignCorners);
                var at = ((row * w) + col).reshape(n, 1, outH * outW).expand(n, c, outH * outW);
                var weight = (wx[i] * wy[j] * (rowInside & colInside).to_type(x.dtype)).reshape(n, 1, outH, outW);
                var term = flat.gather(2, at).reshape(n, c, outH, outW) * weight;
                sum = sum is null ? term : sum + term;
            }
        }

        return sum!;
    }

    /// <summary>From [−1, 1] to pixel coordinates: corner pixel centres at ±1 with align_corners, else the image edges.</summary>
    private static Tensor Unnormalize(Tensor coordinate, long size, bool alignCorners) => alignCorners
        ? (coordinate + 1) / 2 * (size - 1)
        : (((coordinate + 1) * size) - 1) / 2;

    /// <summary>The Keys cubic convolution weights (a = −0.75) of the taps at −1, 0, 1 and 2 for the fraction t.</summary>
    private static Tensor[] KeysWeights(Tensor t)
    {
        const double A = -0.75;
        Tensor Near(Tensor d) => ((((A + 2) * d) - (A + 3)) * d * d) + 1;
        Tensor Far(Tensor d) => ((((A * d) - (5 * A)) * d) + (8 * A)) * d - (4 * A);
        return [Far(t + 1), Near(t), Near(1 - t), Far(2 - t)];
    }

    /// <summary>
    /// The int64 index of one tap along an axis of <paramref name="size"/> after the padding mode (border clamps,
    /// reflection mirrors, then clamps), and whether it reads a real pixel (zeros padding reads 0 outside).
    /// </summary>
    private static (Tensor Index, Tensor Inside) Tap(Tensor coordinate, long size, GridSamplePaddingMode padding, bool alignCorners)
    {
        var p = coordinate.to_type(ScalarType.Float64);
        if (padding == GridSamplePaddingMode.Reflection)
        {
            p = Reflect(p, alignCorners ? 0 : -1, alignCorners ? 2 * (size - 1) : (2 * size) - 1);
        }

        if (padding != GridSamplePaddingMode.Zeros)
        {
            p = p.clamp(0, size - 1);
        }

        var inside = (p >= 0) & (p <= size - 1);
        return (p.clamp(0, size - 1).to_type(ScalarType.Int64), inside);
    }

    /// <summary>Mirrors coordinates into [twiceLow/2, twiceHigh/2], as libtorch's reflect_coordinates.</summary>
    private static Tensor Reflect(Tensor p, long twiceLow, long twiceHigh)
    {
        if (twiceLow == twiceHigh)
        {
            return zeros_like(p);
        }

        var min = twiceLow / 2.0;
        var span = (twiceHigh - twiceLow) / 2.0;
        var distance = (p - min).abs();
        var extra = distance.fmod(span);
        var flips = (distance / span).floor();
        return where(flips.remainder(2).eq(0), extra + min, span - extra + min);
    }
}
