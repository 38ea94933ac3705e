using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>
/// ScatterND (opset 11; reduction from 16, max/min from 18): indices [..., k] address the first k axes of data, and
/// each index row writes a slice data.shape[k:] of updates. Negative indices count from the end.
/// </summary>
internal sealed class ScatterNDOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var reduction = ScatterRows.Reduction(ctx);
        return inputs =>
        {
            var data = inputs[0]!;
            var indices = inputs[1]!;
            var updates = inputs[2]!;
            var k = indices.dim() < 1 ? 0 : indices.shape[^1];
            if (k < 1 || k > data.dim())
            {
                throw new ArgumentException($"indices [{string.Join(",", indices.shape)}] address {k} axes of data [{string.Join(",", data.shape)}]");
            }

            long[] expected = [.. indices.shape[..^1], .. data.shape[(int)k..]];
            if (!updates.shape.SequenceEqual(expected))
            {
                throw new ArgumentException($"updates are [{string.Join(",", updates.shape)}], expected [{string.Join(",", expected)}] for indices [{string.Join(",", indices.shape)}]");
            }

            var rows = NdIndex.Linear(indices, data.shape[..(int)k]);
            var slice = data.shape[(int)k..];
            var flat = ScatterRows.Apply(reduction, data.reshape([-1, .. slice]), rows, updates.reshape([-1, .. slice]));
            return OpUtil.One(flat.reshape(data.shape));
        };
    }
}

/// <summary>
/// ScatterElements (opset 11; reduction from 16, max/min from 18) and the deprecated Scatter (9-10): like
/// torch.scatter along axis, with negative indices. Every update element becomes one row of a flat ScatterND.
/// </summary>
internal sealed class ScatterElementsOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var axis = ctx.Attributes.Int("axis", 0);
        var reduction = ScatterRows.Reduction(ctx);
        return inputs =>
        {
            var data = inputs[0]!;
            var indices = inputs[1]!;
            var updates = inputs[2]!;
            var a = OpUtil.Axis(axis, data.dim());
            if (indices.dim() != data.dim() || !indices.shape.SequenceEqual(updates.shape))
            {
                throw new ArgumentException($"indices [{string.Join(",", indices.shape)}] and updates [{string.Join(",", updates.shape)}] must have one shape and the rank of data [{string.Join(",", data.shape)}]");
            }

            // The full coordinate of each update element: its own position, with the index on the scatter axis.
            var along = NdIndex.InRange(indices, data.shape[a], "index");
            var coords = Enumerable.Range(0, (int)data.dim())
                .Select(d => d == a ? along : arange(indices.shape[d], ScalarType.Int64, data.device)
                    .reshape([.. Enumerable.Range(0, (int)data.dim()).Select(j => j == d ? -1L : 1L)])
                    .expand(indices.shape))
                .ToArray();
            var rows = NdIndex.Linear(stack(coords, -1), data.shape);
            var flat = ScatterRows.Apply(reduction, data.reshape(-1, 1), rows, updates.reshape(-1, 1));
            return OpUtil.One(flat.reshape(data.shape));
        };
    }
}

/// <summary>Index arithmetic shared by the ND gather and scatter ops.</summary>
internal static class NdIndex
{
    /// <summary>Indices as int64 with negatives counted from the end, after checking they lie in [−length, length).</summary>
    public static Tensor InRange(Tensor indices, long length, string what)
    {
        var idx = indices.to_type(ScalarType.Int64);
        if (idx.numel() > 0)
        {
            var (lo, hi) = (idx.min().item<long>(), idx.max().item<long>());
            if (lo < -length || hi >= length)
            {
                throw new ArgumentException($"{what} {(lo < -length ? lo : hi)} is outside an axis of length {length}");
            }
        }

        return where(idx < 0, idx + length, idx);
    }

    /// <summary>
    /// The row-major position of each index row [..., k] among the first k axes <paramref name="dims"/>, as a flat
    /// int64 vector (negative indices counted from the end, out-of-range ones rejected).
    /// </summary>
    public static Tensor Linear(Tensor indices, long[] dims)
    {
        var k = indices.shape[^1];
        var rows = indices.reshape(-1, k);
        var linear = zeros(rows.shape[0], ScalarType.Int64, rows.device);
        for (var j = 0; j < k; j++)
        {
            linear = (linear * dims[j]) + InRange(rows[.., j], dims[j], $"index on axis {j}");
        }

        return linear;
    }
}

/// <summary>How scatter updates combine with data: the reduction attribute of ScatterND and ScatterElements.</summary>
internal enum ScatterReduction
{
    None,
    Add,
    Mul,
    Max,
    Min,
}

/// <summary>Reads the reduction attribute and applies it to rows of a flattened tensor with differentiable calls.</summary>
internal static class ScatterRows
{
    /// <summary>none (default), add and mul from opset 16, max and min from 18.</summary>
    public static ScatterReduction Reduction(NodeContext ctx)
    {
        var name = ctx.Attributes.String("reduction", "none");
        return name switch
        {
            "none" => ScatterReduction.None,
            "add" when ctx.Opset >= 16 => ScatterReduction.Add,
            "mul" when ctx.Opset >= 16 => ScatterReduction.Mul,
            "max" when ctx.Opset >= 18 => ScatterReduction.Max,
            "min" when ctx.Opset >= 18 => ScatterReduction.Min,
            _ => throw ctx.Error($"attribute 'reduction' is '{name}'; expected none, or from opset 16 add and mul, or from opset 18 max and min"),
        };
    }

    /// <summary>
    /// data [P, ...] with row rows[i] combined with updates[i] ([M, ...]). none and add are one index_copy or
    /// index_add. mul, max and min have no native row reduction in TorchSharp 0.107 (no scatter_reduce), so they run
    /// in rounds, each touching every target row at most once: exact with repeated indices, and differentiable.
    /// </summary>
    public static Tensor Apply(ScatterReduction reduction, Tensor data, Tensor rows, Tensor updates)
    {
        var src = updates.dtype == data.dtype ? updates : updates.to_type(data.dtype);
        if (reduction == ScatterReduction.None)
        {
            return data.index_copy(0, rows, src);
        }

        if (reduction == ScatterReduction.Add)
        {
            using var one = OpUtil.ScalarLike(data, 1);
            return data.index_add(0, rows, src, one);
        }

        var targets = OpUtil.Longs(rows);
        var occurrence = new int[targets.Length];
        var seen = new Dictionary<long, int>();
        for (var i = 0; i < targets.Length; i++)
        {
            occurrence[i] = seen.TryGetValue(targets[i], out var n) ? n : 0;
            seen[targets[i]] = occurrence[i] + 1;
        }

        var rounds = seen.Count == 0 ? 0 : seen.Values.Max();
        var y = data.alias();
        for (var round = 0; round < rounds; round++)
        {
            var pick = Enumerable.Range(0, targets.Length).Where(i => occurrence[i] == round).Select(i => (long)i).ToArray();
            var at = tensor(pick.Select(i => targets[i]).ToArray(), ScalarType.Int64).to(data.device);
            var current = y.index_select(0, at);
            var update = src.index_select(0, tensor(pick, ScalarType.Int64).to(data.device));
            var combined = reduction switch
            {
                ScatterReduction.Mul => current * update,
                ScatterReduction.Max => maximum(current, update),
                _ => minimum(current, update),
            };
            y = y.index_copy(0, at, combined);
        }

        return y;
    }
}
