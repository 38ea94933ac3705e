namespace ConvLens.Models.Onnx.Ops;

/// <summary>
/// Conv and pool padding: ONNX's begin/end pads and auto_pad resolved per call from the real input length
/// (docs/contributing/onnx-import-pitfalls.md §3.2), and the symmetric-equivalence check that lets most asymmetric
/// pads run natively (§3.3).
/// </summary>
internal sealed class Padding
{
    private readonly string _autoPad;
    private readonly long[]? _pads;

    public Padding(NodeContext ctx)
    {
        _autoPad = ctx.Attributes.String("auto_pad", "NOTSET");
        _pads = ctx.Attributes.Ints("pads");
        // Pads beyond any real image are a corrupt file, not a model: refuse them before allocating.
        if (_pads is not null && _pads.Any(p => p is < 0 or > 65536))
        {
            throw ctx.Error($"pads [{string.Join(",", _pads)}] must lie in 0..65536");
        }

        if (_autoPad is not ("NOTSET" or "VALID" or "SAME_UPPER" or "SAME_LOWER"))
        {
            throw ctx.Error($"auto_pad '{_autoPad}' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
        }
    }

    /// <summary>Begin and end pads per spatial axis for inputs of length <paramref name="length"/>.</summary>
    public (long[] Begin, long[] End) Resolve(long[] length, long[] eff, long[] stride)
    {
        var n = length.Length;
        var b = new long[n];
        var e = new long[n];
        for (var i = 0; i < n; i++)
        {
            switch (_autoPad)
            {
                case "SAME_UPPER" or "SAME_LOWER":
                    var outLen = (length[i] + stride[i] - 1) / stride[i];
                    var total = Math.Max(0, ((outLen - 1) * stride[i]) + eff[i] - length[i]);
                    var half = total / 2;
                    (b[i], e[i]) = _autoPad == "SAME_UPPER" ? (half, total - half) : (total - half, half);
                    break;
                case "VALID":
                    break;
                default:
                    if (_pads is { } p)
                    {
                        if (p.Length != 2 * n)
                        {
                            throw new ArgumentException($"pads has {p.Length} values; expected {2 * n} (begins then ends)");
                        }

                        b[i] = p[i];
                        e[i] = p[i + n];
                    }

                    break;
            }
        }

        return (b, e);
    }

    /// <summary>
    /// Symmetric pads that give the same windows as (begin, end), or null. With begin &gt; end and floor
    /// rounding, (begin, begin) is exact when the extra end padding is read by no window.
    /// </summary>
    public static long[]? Symmetric(long[] length, long[] b, long[] e, long[] eff, long[] stride, bool ceil)
    {
        var sym = new long[length.Length];
        for (var i = 0; i < length.Length; i++)
        {
            if (b[i] == e[i])
            {
                sym[i] = b[i];
            }
            else if (!ceil && b[i] > e[i]
                && FloorDiv(length[i] + b[i] + e[i] - eff[i], stride[i]) == FloorDiv(length[i] + (2 * b[i]) - eff[i], stride[i]))
            {
                sym[i] = b[i];
            }
            else
            {
                return null;
            }
        }

        return sym;
    }

    /// <summary>ONNX's pooled length, including the ceil-mode rule that drops a window starting in the end padding.</summary>
    public static long OutputLength(long length, long b, long e, long eff, long stride, bool ceil)
    {
        var span = length + b + e - eff;
        if (!ceil)
        {
            return FloorDiv(span, stride) + 1;
        }

        var n = (long)Math.Ceiling(span / (double)stride) + 1;
        return (n - 1) * stride >= length + b ? n - 1 : n;
    }

    /// <summary>libtorch pad list (pairs from the last axis) for begin/end pads of the spatial axes.</summary>
    public static long[] TorchPad(long[] b, long[] e)
    {
        var r = new long[2 * b.Length];
        for (var i = 0; i < b.Length; i++)
        {
            r[2 * i] = b[b.Length - 1 - i];
            r[(2 * i) + 1] = e[b.Length - 1 - i];
        }

        return r;
    }

    public static long FloorDiv(long a, long b) => (long)Math.Floor(a / (double)b);
}
