using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>A one-input op that is a single TorchSharp call (Relu, Sigmoid, Exp, Sqrt, ...).</summary>
internal sealed class UnaryOp(Func<Tensor, Tensor> f) : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx) => inputs => OpUtil.One(f(inputs[0]!));
}

/// <summary>
/// A two-input numpy-broadcasting op (Add, Sub, Mul, Div, Pow, comparisons, logic). Before opset 7 the
/// broadcast and axis attributes align B with A (docs/contributing/onnx-import-pitfalls.md §7).
/// </summary>
internal sealed class BinaryOp(Func<Tensor, Tensor, Tensor> f) : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        long? axis = null;
        if (ctx.Opset < 7 && ctx.Attributes.Int("broadcast", 0) != 0 && ctx.Attributes.Has("axis"))
        {
            axis = ctx.Attributes.Int("axis", 0);
        }

        return inputs => OpUtil.One(f(inputs[0]!, OpUtil.LegacyAlign(inputs[0]!, inputs[1]!, axis)));
    }

    /// <summary>Div: integer division truncates toward zero in ONNX, while libtorch's returns floats.</summary>
    public static Tensor Div(Tensor a, Tensor b) =>
        a.is_floating_point() || b.is_floating_point() ? a / b : a.div(b, RoundingMode.trunc);

    /// <summary>Pow keeps the base's type (libtorch promotes int^float to float).</summary>
    public static Tensor Pow(Tensor a, Tensor b)
    {
        var y = a.pow(b);
        return y.dtype == a.dtype ? y : y.to_type(a.dtype);
    }

    /// <summary>Mod: fmod=1 takes the dividend's sign (required for floats); fmod=0 the divisor's.</summary>
    public static IOnnxOp Mod(NodeContext ctx) => new BinaryOp(ctx.Attributes.Int("fmod", 0) != 0 ? fmod : remainder);

    /// <summary>Arithmetic on mixed types is invalid ONNX; tolerate it by computing in the first input's type.</summary>
    public static Tensor Same(Tensor a, Tensor b) => b.dtype == a.dtype ? b : b.to_type(a.dtype);
}

/// <summary>Mod: the fmod attribute picks the sign rule, so it is chosen at compile time.</summary>
internal sealed class ModOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx) => BinaryOp.Mod(ctx).Compile(ctx);
}

/// <summary>A variadic multidirectionally broadcasting op (Sum, Mean, Max, Min).</summary>
internal sealed class VariadicOp(Func<Tensor, Tensor, Tensor> f, bool mean = false) : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx) => inputs =>
    {
        var y = inputs[0]!.alias();
        for (var i = 1; i < inputs.Length; i++)
        {
            y = f(y, inputs[i]!);
        }

        return OpUtil.One(mean ? y / inputs.Length : y);
    };
}
