using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>Reshape: shape is an attribute before opset 5, an input after; 0 copies a dim unless allowzero.</summary>
internal sealed class ReshapeOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var attr = ctx.Opset < 5 ? ctx.Attributes.Ints("shape") : null;
        var allowZero = ctx.Attributes.Int("allowzero", 0) != 0;
        return inputs =>
        {
            var x = inputs[0]!;
            var target = attr ?? OpUtil.Longs(inputs[1]!);
            var shape = target.Select((d, i) => d == 0 && !allowZero ? x.shape[i] : d).ToArray();
            return OpUtil.One(x.reshape(shape));
        };
    }
}

/// <summary>Flatten: always 2-D, (product before axis, product from axis); libtorch's flatten keeps leading dims.</summary>
internal sealed class FlattenOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var axis = ctx.Attributes.Int("axis", 1);
        return inputs =>
        {
            var x = inputs[0]!;
            var a = axis < 0 ? axis + x.dim() : axis;
            var rows = x.shape[..(int)a].Aggregate(1L, (p, d) => p * d);
            var cols = x.shape[(int)a..].Aggregate(1L, (p, d) => p * d);
            return OpUtil.One(x.reshape(rows, cols));
        };
    }
}

/// <summary>Transpose: perm defaults to reversing the axes.</summary>
internal sealed class TransposeOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var perm = ctx.Attributes.Ints("perm");
        return inputs =>
        {
            var x = inputs[0]!;
            return OpUtil.One(x.permute(perm ?? [.. Enumerable.Range(0, (int)x.dim()).Reverse().Select(i => (long)i)]));
        };
    }
}

/// <summary>Squeeze: axes attribute up to opset 12, input from 13; no axes removes every size-1 dim.</summary>
internal sealed class SqueezeOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var attr = ctx.Attributes.Ints("axes");
        return inputs =>
        {
            var x = inputs[0]!;
            var axes = inputs.Length > 1 && inputs[1] is { } t ? OpUtil.Longs(t) : attr;
            var drop = axes?.Select(a => OpUtil.Axis(a, x.dim())).ToHashSet()
                ?? [.. Enumerable.Range(0, (int)x.dim()).Where(i => x.shape[i] == 1).Select(i => (long)i)];
            return OpUtil.One(x.reshape([.. x.shape.Where((_, i) => !drop.Contains(i))]));
        };
    }
}

/// <summary>Unsqueeze: axes are relative to the output rank and may come unsorted or negative.</summary>
internal sealed class UnsqueezeOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var attr = ctx.Attributes.Ints("axes");
        return inputs =>
        {
            var x = inputs[0]!;
            var axes = inputs.Length > 1 && inputs[1] is { } t ? OpUtil.Longs(t) : attr ?? throw new ArgumentException("axes are missing");
            var rank = x.dim() + axes.Length;
            var insert = axes.Select(a => OpUtil.Axis(a, rank)).ToHashSet();
            var shape = new List<long>();
            var k = 0;
            for (var i = 0; i < rank; i++)
            {
                shape.Add(insert.Contains(i) ? 1 : x.shape[k++]);
            }

            return OpUtil.One(x.reshape([.. shape]));
        };
    }
}

/// <summary>Identity: an alias of the input.</summary>
internal sealed class IdentityOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx) => inputs => OpUtil.One(inputs[0]!.alias());
}

/// <summary>Dropout is the identity in inference; a requested mask is all true. Training mode is rejected.</summary>
internal sealed class DropoutOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var mask = ctx.HasOutput(1);
        return inputs =>
        {
            var x = inputs[0]!;
            var ratio = inputs.Length > 1 && inputs[1] is { } r ? OpUtil.Doubles(r)[0] : 0.5;
            var training = inputs.Length > 2 && inputs[2] is { } t && OpUtil.Doubles(t)[0] != 0;
            if (training && ratio != 0)
            {
                throw new NotSupportedException("training-mode Dropout (random masks) is not supported");
            }

            return mask ? [x.alias(), ones(x.shape, ScalarType.Bool, x.device)] : [x.alias()];
        };
    }
}
