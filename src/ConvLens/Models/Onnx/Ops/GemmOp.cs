using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>Gemm: Y = alpha·A′·B′ + beta·C, C optional (opset 11+) and broadcast to (M, N).</summary>
internal sealed class GemmOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var a = ctx.Attributes;
        var alpha = a.Float("alpha", 1f);
        var beta = a.Float("beta", 1f);
        var transA = a.Int("transA", 0) != 0;
        var transB = a.Int("transB", 0) != 0;
        return inputs =>
        {
            var left = transA ? inputs[0]!.t() : inputs[0]!;
            var right = transB ? inputs[1]!.t() : inputs[1]!;
            var y = MatMulOp.Checked(left, right);
            if (alpha != 1f)
            {
                y = y * alpha;
            }

            if (inputs.Length > 2 && inputs[2] is { } c && beta != 0f)
            {
                y = y + (beta == 1f ? c : c * beta);
            }

            return OpUtil.One(y);
        };
    }
}

/// <summary>MatMul with numpy semantics, as libtorch's matmul.</summary>
internal sealed class MatMulOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx) => inputs => OpUtil.One(Checked(inputs[0]!, inputs[1]!));

    /// <summary>
    /// matmul after checking the shapes: TorchSharp 0.107's THSTensor_matmul lets libtorch's shape error escape
    /// as an uncaught C++ exception, which terminates the process instead of throwing.
    /// </summary>
    public static Tensor Checked(Tensor a, Tensor b)
    {
        if (a.dim() == 0 || b.dim() == 0)
        {
            throw new ArgumentException("MatMul inputs must have at least one dimension");
        }

        var inner = a.shape[^1];
        var other = b.dim() == 1 ? b.shape[0] : b.shape[^2];
        if (inner != other)
        {
            throw new ArgumentException($"shapes [{string.Join(",", a.shape)}] and [{string.Join(",", b.shape)}] cannot be multiplied");
        }

        if (a.dim() > 2 || b.dim() > 2)
        {
            // Batch dims must broadcast (throws ArgumentException otherwise).
            ExpandOp.Broadcast(a.dim() > 2 ? a.shape[..^2] : [], b.dim() > 2 ? b.shape[..^2] : []);
        }

        return a.matmul(b);
    }
}
