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
            var y = left.matmul(right);
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
    public NodeKernel Compile(NodeContext ctx) => inputs => OpUtil.One(inputs[0]!.matmul(inputs[1]!));
}
