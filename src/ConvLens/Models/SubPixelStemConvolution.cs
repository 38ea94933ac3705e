using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Models;

/// <summary>
/// A strided 2-D convolution with few input channels (a network's stem: ResNet's 7x7/2, MobileNet's 3x3/2, the 4x4/4
/// and 16x16/16 patch embeddings) whose input gradient is computed as one stride-1 convolution and a pixel shuffle.
/// </summary>
/// <remarks>
/// Why: libtorch's backward-data kernel for such a layer is slow. On ResNet18's first layer (3→64, 7x7, stride 2, 224
/// px, batch 8) it takes 53 ms against the forward's 11 ms, a sixth of the whole network's backward; the same gradient
/// as a forward convolution takes 26 ms (`ConvLens.Benchmarks convbwd`). Each input pixel s·i+a receives
/// g[i+d]·w[a+p−s·d] over the kernel taps of its phase a, so the s² phases are s² kernels of one correlation over the
/// output gradient, and a pixel shuffle interleaves them (the sub-pixel form of a transposed convolution). The same
/// products are summed in another order: results agree with libtorch's own gradient to float rounding.
/// Only the input's gradient is formed, so the weight and bias must not require one (ConvLens freezes parameters).
/// </remarks>
internal sealed class SubPixelStemConvolution : autograd.SingleTensorFunction<SubPixelStemConvolution>
{
    private const int MaxInputChannels = 4;

    public override string Name => "SubPixelStemConvolution";

    /// <summary>True when <see cref="Apply"/> handles this convolution on the gradient path.</summary>
    public static bool Applies(Tensor x, Tensor w, Tensor? bias, long[] stride, long[] dilation, long groups) =>
        x.dim() == 4 && groups == 1 && x.shape[1] <= MaxInputChannels && stride.Length == 2 && stride.Any(s => s > 1)
        && dilation.All(d => d == 1) && !w.requires_grad && bias is not { requires_grad: true }
        && x.requires_grad && is_grad_enabled();

    /// <summary>conv2d(x, w, bias, stride, padding) with the sub-pixel input gradient; padding is symmetric per axis.</summary>
    public static Tensor Apply(Tensor x, Tensor w, Tensor? bias, long[] stride, long[] padding) =>
        apply(x, new Layer(w, bias, stride, padding));

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var layer = (Layer)vars[1];
        // The weight is kept by autograd itself: the caller's dispose scope may end before the backward runs.
        ctx.save_for_backward([layer.Weight]);
        ctx.save_data("layer", layer with { Weight = null!, Bias = null });
        ctx.save_data("height", x.shape[2]);
        ctx.save_data("width", x.shape[3]);
        return F.conv2d(x, layer.Weight, layer.Bias, layer.Stride, layer.Padding);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var layer = (Layer)ctx.get_data("layer") with { Weight = ctx.get_saved_variables()[0] };
        var height = (long)ctx.get_data("height");
        var width = (long)ctx.get_data("width");
        // One gradient per argument of apply: none for the layer description.
        return [InputGradient(grad_output, layer, height, width), null!];
    }

    /// <summary>d(Σ g·conv(x))/dx for x of <paramref name="height"/> x <paramref name="width"/>.</summary>
    internal static Tensor InputGradient(Tensor g, Layer layer, long height, long width)
    {
        using var scope = NewDisposeScope();
        var w = layer.Weight;
        var (cout, cin) = (w.shape[0], w.shape[1]);
        var rows = Phases(w.shape[2], layer.Stride[0], layer.Padding[0], height, g.shape[2]);
        var cols = Phases(w.shape[3], layer.Stride[1], layer.Padding[1], width, g.shape[3]);
        // One zero tap past the kernel's end stands for the taps a phase lacks.
        var padded = F.pad(w, [0, 1, 0, 1]);
        var kernel = padded.index_select(2, rows.Taps).index_select(3, cols.Taps)
            .reshape(cout, cin, rows.Phases, rows.Length, cols.Phases, cols.Length)
            .permute(1, 2, 4, 0, 3, 5)
            .reshape(cin * rows.Phases * cols.Phases, cout, rows.Length, cols.Length);
        var source = Shifted(Shifted(g, 2, rows), 3, cols);
        var phased = F.conv2d(source, kernel.contiguous());
        var (sh, sw) = (layer.Stride[0], layer.Stride[1]);
        var n = g.shape[0];
        var interleaved = phased.reshape(n, cin, sh, sw, rows.Count, cols.Count)
            .permute(0, 1, 4, 2, 5, 3)
            .reshape(n, cin, rows.Count * sh, cols.Count * sw);
        return interleaved.narrow(2, 0, height).narrow(3, 0, width).contiguous().MoveToOuterDisposeScope();
    }

    // Input row s·i + a reads output rows i + d for d in [First, First + Length); Taps[a·Length + t] is the kernel
    // tap for d = First + t, or k (the zero tap) where the phase has none there.
    private static PhaseTaps Phases(long k, long s, long p, long inputLength, long outputLength)
    {
        var first = -FloorDiv(k - 1 - p, s);
        var last = FloorDiv(s - 1 + p, s);
        var length = last - first + 1;
        var taps = new long[s * length];
        for (long a = 0; a < s; a++)
        {
            for (long t = 0; t < length; t++)
            {
                var kh = a + p - (s * (first + t));
                taps[(a * length) + t] = kh >= 0 && kh < k ? kh : k;
            }
        }

        var count = (inputLength + s - 1) / s;
        return new PhaseTaps(tensor(taps), s, first, length, count, outputLength);
    }

    private static long FloorDiv(long a, long b) => (long)Math.Floor(a / (double)b);

    // The output gradient, zero-extended or cut along one axis so that window i of the correlation starts at row i+First.
    private static Tensor Shifted(Tensor g, long axis, PhaseTaps phase)
    {
        var before = -phase.First;
        var after = phase.Count - 1 + phase.First + phase.Length - 1 - (phase.OutputLength - 1);
        var t = g;
        if (before < 0)
        {
            t = t.narrow(axis, -before, t.shape[axis] + before);
            before = 0;
        }

        if (after < 0)
        {
            t = t.narrow(axis, 0, t.shape[axis] + after);
            after = 0;
        }

        return before == 0 && after == 0 ? t : F.pad(t, axis == 2 ? [0, 0, before, after] : [before, after]);
    }

    /// <summary>The layer's frozen weight, bias, stride and symmetric padding.</summary>
    internal sealed record Layer(Tensor Weight, Tensor? Bias, long[] Stride, long[] Padding);

    private sealed record PhaseTaps(Tensor Taps, long Phases, long First, long Length, long Count, long OutputLength);
}
