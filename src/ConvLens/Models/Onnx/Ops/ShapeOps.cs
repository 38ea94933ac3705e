using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>Shape as an int64 CPU vector; start/end (opset 15) are clamped to [0, rank].</summary>
internal sealed class ShapeOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var start = ctx.Attributes.Int("start", 0);
        var end = ctx.Attributes.Has("end") ? ctx.Attributes.Int("end", 0) : (long?)null;
        return inputs =>
        {
            var shape = inputs[0]!.shape;
            var r = shape.Length;
            var s = Math.Clamp(start < 0 ? start + r : start, 0, r);
            var e = Math.Clamp(end is { } v ? (v < 0 ? v + r : v) : r, 0, r);
            return OpUtil.One(tensor(s >= e ? [] : shape[(int)s..(int)e], ScalarType.Int64));
        };
    }
}

/// <summary>Size: the element count as an int64 scalar.</summary>
internal sealed class SizeOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx) => inputs => OpUtil.One(tensor(inputs[0]!.numel()));
}

/// <summary>ConstantOfShape: value (one element) sets dtype and fill; float32 zero by default.</summary>
internal sealed class ConstantOfShapeOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var proto = ctx.Attributes.TensorProto("value");
        return inputs =>
        {
            var shape = OpUtil.Longs(inputs[0]!);
            using var value = proto is null ? zeros(1) : TensorProtoReader.Read(proto);
            return OpUtil.One(value.reshape([]).expand(shape).contiguous());
        };
    }
}

/// <summary>Expand: the numpy broadcast of the input and target shapes (both ways, unlike libtorch's expand).</summary>
internal sealed class ExpandOp : IOnnxOp
{
    /// <summary>The numpy broadcast of two shapes (aligned at the trailing dims).</summary>
    public static long[] Broadcast(long[] a, long[] b)
    {
        var n = Math.Max(a.Length, b.Length);
        var r = new long[n];
        for (var i = 0; i < n; i++)
        {
            var da = i < n - a.Length ? 1 : a[i - (n - a.Length)];
            var db = i < n - b.Length ? 1 : b[i - (n - b.Length)];
            r[i] = da == 1 ? db : db == 1 || db == da ? da : throw new ArgumentException($"shapes [{string.Join(",", a)}] and [{string.Join(",", b)}] do not broadcast");
        }

        return r;
    }

    public NodeKernel Compile(NodeContext ctx) => inputs =>
    {
        var x = inputs[0]!;
        return OpUtil.One(x.expand(Broadcast(x.shape, OpUtil.Longs(inputs[1]!))).contiguous());
    };
}

/// <summary>Tile: one int64 repeat per axis.</summary>
internal sealed class TileOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx) => inputs => OpUtil.One(inputs[0]!.tile(OpUtil.Longs(inputs[1]!)));
}

/// <summary>Cast: "to" is an enum (a type name string at opset 1); float to int truncates toward zero.</summary>
internal sealed class CastOp : IOnnxOp
{
    private static readonly string[] Names = ["UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"];

    public NodeKernel Compile(NodeContext ctx)
    {
        var to = ctx.Opset < 6
            ? Array.IndexOf(Names, ctx.Attributes.String("to", "").ToUpperInvariant())
            : (int)ctx.Attributes.RequiredInt("to");
        var (type, _) = TensorProtoReader.ScalarFor(to, $"Cast target of node '{ctx.Node.Name}'");
        return inputs => OpUtil.One(inputs[0]!.to_type(type));
    }
}

/// <summary>CastLike: cast to the second input's type.</summary>
internal sealed class CastLikeOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx) => inputs => OpUtil.One(inputs[0]!.to_type(inputs[1]!.dtype));
}

/// <summary>Range: length max(ceil((limit − start)/delta), 0) in the type of start.</summary>
internal sealed class RangeOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx) => inputs =>
    {
        var type = inputs[0]!.dtype;
        var (s, l, d) = (OpUtil.Doubles(inputs[0]!)[0], OpUtil.Doubles(inputs[1]!)[0], OpUtil.Doubles(inputs[2]!)[0]);
        var n = Math.Max((long)Math.Ceiling((l - s) / d), 0);
        return OpUtil.One((arange(n, ScalarType.Float64) * d + s).to_type(type).to(inputs[0]!.device));
    };
}

/// <summary>Constant: value, or from opset 12 value_float(s) / value_int(s); evaluated once at load.</summary>
internal sealed class ConstantOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var a = ctx.Attributes;
        Tensor value;
        if (a.TensorProto("value") is { } proto)
        {
            value = TensorProtoReader.Read(proto);
        }
        else if (a.Has("value_float"))
        {
            value = tensor(a.Float("value_float", 0));
        }
        else if (a.Floats("value_floats") is { } fs)
        {
            value = tensor(fs);
        }
        else if (a.Has("value_int"))
        {
            value = tensor(a.Int("value_int", 0));
        }
        else if (a.Ints("value_ints") is { } ids)
        {
            value = tensor(ids);
        }
        else
        {
            throw ctx.Error("needs one of value, value_float(s), value_int(s); sparse and string constants are not supported");
        }

        return _ => OpUtil.One(value);
    }
}

/// <summary>DepthToSpace: DCR (default) is not pixel_shuffle; CRD is.</summary>
internal sealed class DepthToSpaceOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var b = ctx.Attributes.RequiredInt("blocksize");
        var crd = ctx.Attributes.String("mode", "DCR") == "CRD";
        return inputs =>
        {
            var x = inputs[0]!;
            var (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
            var y = crd
                ? x.reshape(n, c / (b * b), b, b, h, w).permute(0, 1, 4, 2, 5, 3)
                : x.reshape(n, b, b, c / (b * b), h, w).permute(0, 3, 4, 1, 5, 2);
            return OpUtil.One(y.reshape(n, c / (b * b), h * b, w * b));
        };
    }
}

/// <summary>SpaceToDepth: the inverse of DCR DepthToSpace.</summary>
internal sealed class SpaceToDepthOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var b = ctx.Attributes.RequiredInt("blocksize");
        return inputs =>
        {
            var x = inputs[0]!;
            var (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
            return OpUtil.One(x.reshape(n, c, h / b, b, w / b, b).permute(0, 3, 5, 1, 2, 4).reshape(n, c * b * b, h / b, w / b));
        };
    }
}
