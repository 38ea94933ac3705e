using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>Small helpers shared by the ops: reading shape values, normalizing axes.</summary>
internal static class OpUtil
{
    /// <summary>The values of an integer (shape, axes, pads) tensor; shape values live on the CPU.</summary>
    public static long[] Longs(Tensor t) => t.numel() == 0
        ? []
        : t.cpu().to_type(ScalarType.Int64).contiguous().data<long>().ToArray();

    /// <summary>The values of a tensor as doubles (scales, bounds).</summary>
    public static double[] Doubles(Tensor t) => t.numel() == 0
        ? []
        : t.cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();

    /// <summary>Adds the rank to a negative axis and checks the range.</summary>
    public static long Axis(long axis, long rank)
    {
        var a = axis < 0 ? axis + rank : axis;
        return a < 0 || a >= Math.Max(rank, 1)
            ? throw new ArgumentOutOfRangeException(nameof(axis), $"axis {axis} is outside a tensor of rank {rank}")
            : a;
    }

    public static Tensor?[] One(Tensor t) => [t];

    /// <summary>True for floating types (which may need gradients).</summary>
    public static bool IsFloat(Tensor t) => t.is_floating_point();

    /// <summary>A scalar of the tensor's kind: integer tensors must not be promoted to float by clamp or fill.</summary>
    public static Scalar ScalarLike(Tensor like, double value) =>
        like.is_floating_point() ? value : (long)Math.Clamp(value, long.MinValue, long.MaxValue);

    /// <summary>Opset ≤ 6 broadcasting: with broadcast=1, B's dims align with A's from <paramref name="axis"/>.</summary>
    public static Tensor LegacyAlign(Tensor a, Tensor b, long? axis)
    {
        if (axis is null || b.dim() == 0)
        {
            return b;
        }

        var ax = axis.Value < 0 ? axis.Value + a.dim() : axis.Value;
        var shape = new List<long>();
        for (var i = 0; i < ax; i++)
        {
            shape.Add(1);
        }

        shape.AddRange(b.shape);
        while (shape.Count < a.dim())
        {
            shape.Add(1);
        }

        return b.reshape([.. shape]);
    }
}
