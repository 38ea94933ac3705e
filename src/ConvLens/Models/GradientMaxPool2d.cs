using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ConvLens.Models;

/// <summary>
/// 2-D max pooling on the gradient path: the maxima and their positions found on channels-last memory, and the
/// backward a scatter-add of the output gradient to those positions on ordinary memory.
/// </summary>
/// <remarks>
/// Why: libtorch 2.10's NCHW <c>max_pool2d_with_indices</c> forward is the slow one (ResNet's stem at batch 8: 29 ms),
/// and its channels-last backward is (about 70 ms); this pairs the fast directions (`ConvLens.Benchmarks convbwd`).
/// The positions are libtorch's own (the first maximum of each window, in the same scan order on either memory
/// layout), so every gradient goes where libtorch's backward sends it; where windows overlap, the contributions to
/// one pixel are added in output order, as libtorch's NCHW backward adds them.
/// </remarks>
internal sealed class GradientMaxPool2d : autograd.SingleTensorFunction<GradientMaxPool2d>
{
    public override string Name => "GradientMaxPool2d";

    /// <summary>True for a 4-D floating input that a gradient flows through (otherwise <see cref="ChannelsLastPooling"/> applies).</summary>
    public static bool Applies(Tensor x) => x.dim() == 4 && x.is_floating_point() && GradientPath.Records(x);

    /// <summary>max_pool2d(x, kernel, stride, padding, dilation, ceil) with padding symmetric per axis.</summary>
    public static Tensor Apply(Tensor x, long[] kernel, long[] stride, long[] padding, long[] dilation, bool ceil) =>
        apply(x, new Window(kernel, stride, padding, dilation, ceil));

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var w = (Window)vars[1];
        var (y, positions) = F.max_pool2d_with_indices(ChannelsLastPooling.ToChannelsLast(x), w.Kernel, w.Stride, w.Padding, w.Dilation, w.Ceil);
        ctx.save_for_backward([positions.contiguous()]);
        ctx.save_data("shape", x.shape);
        return y.contiguous();
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var positions = ctx.get_saved_variables()[0];
        var shape = (long[])ctx.get_data("shape");
        using var scope = NewDisposeScope();
        var (n, c) = (shape[0], shape[1]);
        var grad = zeros([n, c, shape[2] * shape[3]], grad_output.dtype, grad_output.device)
            .scatter_add_(2, positions.view(n, c, -1), grad_output.contiguous().view(n, c, -1))
            .view(shape)
            .MoveToOuterDisposeScope();
        // One gradient per argument of apply: none for the window.
        return [grad, null!];
    }

    private sealed record Window(long[] Kernel, long[] Stride, long[] Padding, long[] Dilation, bool Ceil);
}
