using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>Concat along axis (negative from opset 11); mixed input types are converted to the first's.</summary>
internal sealed class ConcatOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var axis = ctx.Attributes.Int("axis", 1);
        return inputs =>
        {
            var first = inputs[0]!;
            var parts = inputs.Select(t => t!.dtype == first.dtype ? t : t.to_type(first.dtype)).ToList();
            return OpUtil.One(cat(parts!, OpUtil.Axis(axis, first.dim())));
        };
    }
}

/// <summary>Split: sizes from the attribute (≤ 12) or input (13+), num_outputs (18+), else equal parts.</summary>
internal sealed class SplitOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var axis = ctx.Attributes.Int("axis", 0);
        var attr = ctx.Attributes.Ints("split");
        var parts = ctx.OutputCount;
        var numOutputs = ctx.Attributes.Has("num_outputs");
        return inputs =>
        {
            var x = inputs[0]!;
            var a = OpUtil.Axis(axis, x.dim());
            var dim = x.shape[a];
            var sizes = inputs.Length > 1 && inputs[1] is { } s ? OpUtil.Longs(s) : attr;
            if (sizes is null)
            {
                var chunk = numOutputs ? (dim + parts - 1) / parts : dim / parts;
                sizes = [.. Enumerable.Range(0, parts).Select(i => i < parts - 1 ? chunk : dim - (chunk * (parts - 1)))];
            }

            if (sizes.Sum() != dim || sizes.Length != parts)
            {
                throw new ArgumentException($"split sizes [{string.Join(",", sizes)}] do not cover axis {a} of length {dim} in {parts} parts");
            }

            var outs = new Tensor?[parts];
            long start = 0;
            for (var i = 0; i < parts; i++)
            {
                outs[i] = x.narrow(a, start, sizes[i]);
                start += sizes[i];
            }

            return outs;
        };
    }
}

/// <summary>
/// Slice: attributes before opset 10, inputs (with steps) from 10. Negative starts/ends get the dim added;
/// clamping follows the step's sign; negative steps are done with a descending index.
/// </summary>
internal sealed class SliceOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var legacy = ctx.Opset < 10;
        var aStarts = legacy ? ctx.Attributes.Ints("starts") : null;
        var aEnds = legacy ? ctx.Attributes.Ints("ends") : null;
        var aAxes = legacy ? ctx.Attributes.Ints("axes") : null;
        return inputs =>
        {
            var x = inputs[0]!;
            var starts = legacy ? aStarts! : OpUtil.Longs(inputs[1]!);
            var ends = legacy ? aEnds! : OpUtil.Longs(inputs[2]!);
            var axes = legacy ? aAxes : inputs.Length > 3 && inputs[3] is { } ax ? OpUtil.Longs(ax) : null;
            var steps = !legacy && inputs.Length > 4 && inputs[4] is { } st ? OpUtil.Longs(st) : null;
            axes ??= [.. Enumerable.Range(0, starts.Length).Select(i => (long)i)];
            var y = x.alias();
            for (var i = 0; i < starts.Length; i++)
            {
                var a = OpUtil.Axis(axes[i], x.dim());
                var dim = x.shape[a];
                var step = steps?[i] ?? 1;
                var s = starts[i] < 0 ? starts[i] + dim : starts[i];
                var e = ends[i] < 0 ? ends[i] + dim : ends[i];
                if (step > 0)
                {
                    s = Math.Clamp(s, 0, dim);
                    e = Math.Clamp(e, 0, dim);
                    y = e <= s ? y.narrow(a, 0, 0) : y.slice(a, s, e, step);
                }
                else if (step < 0)
                {
                    s = Math.Clamp(s, 0, dim - 1);
                    e = Math.Clamp(e, -1, dim - 1);
                    y = s <= e || dim == 0
                        ? y.narrow(a, 0, 0)
                        : y.index_select(a, arange(s, e, step, ScalarType.Int64, x.device));
                }
                else
                {
                    throw new ArgumentException("slice step 0 is invalid");
                }
            }

            return OpUtil.One(y);
        };
    }
}

/// <summary>Gather: output shape data[:axis] + indices + data[axis+1:]; negative indices get the dim added.</summary>
internal sealed class GatherOp : IOnnxOp
{
    /// <summary>Indices as int64 with negative ones counted from the end of an axis of length <paramref name="length"/>.</summary>
    internal static Tensor NonNegative(Tensor indices, long length)
    {
        var idx = indices.to_type(ScalarType.Int64);
        return where(idx < 0, idx + length, idx);
    }

    public NodeKernel Compile(NodeContext ctx)
    {
        var axis = ctx.Attributes.Int("axis", 0);
        return inputs =>
        {
            var x = inputs[0]!;
            var a = OpUtil.Axis(axis, x.dim());
            var idx = NonNegative(inputs[1]!, x.shape[a]);
            var y = x.index_select(a, idx.flatten().to(x.device));
            long[] shape = [.. x.shape[..(int)a], .. idx.shape, .. x.shape[((int)a + 1)..]];
            return OpUtil.One(y.reshape(shape));
        };
    }
}

/// <summary>GatherElements: torch.gather with negative indices fixed.</summary>
internal sealed class GatherElementsOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var axis = ctx.Attributes.Int("axis", 0);
        return inputs =>
        {
            var x = inputs[0]!;
            var a = OpUtil.Axis(axis, x.dim());
            var idx = GatherOp.NonNegative(inputs[1]!, x.shape[a]);
            return OpUtil.One(x.gather(a, idx));
        };
    }
}

/// <summary>
/// GatherND (opset 11; batch_dims from 12): indices [b..., q..., k] pick slices data[b..., i1..ik, ...]; the output is
/// indices.shape[:-1] + data.shape[batch_dims + k:]. Done as one index_select on flattened rows, so it has a backward.
/// </summary>
internal sealed class GatherNDOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var batchDims = ctx.Attributes.Int("batch_dims", 0);
        if (batchDims < 0)
        {
            throw ctx.Error($"attribute 'batch_dims' is {batchDims}; expected 0 or more");
        }

        return inputs =>
        {
            var data = inputs[0]!;
            var indices = inputs[1]!;
            var b = (int)batchDims;
            var k = indices.dim() < 1 ? 0 : indices.shape[^1];
            if (indices.dim() <= b || data.dim() < b + k || !indices.shape.AsSpan(0, b).SequenceEqual(data.shape.AsSpan(0, b)))
            {
                throw new ArgumentException($"indices [{string.Join(",", indices.shape)}] do not address data [{string.Join(",", data.shape)}] with batch_dims {b}");
            }

            var batch = data.shape[..b].Aggregate(1L, (p, d) => p * d);
            var addressed = data.shape[b..(b + (int)k)];
            var cells = addressed.Aggregate(1L, (p, d) => p * d);
            var slice = data.shape[(b + (int)k)..];
            // Row of each index within its batch element, then offset by that element's first row.
            var rows = NdIndex.Linear(indices.reshape(batch, -1, k), addressed).reshape(batch, -1);
            var offsets = arange(batch, ScalarType.Int64, data.device).unsqueeze(1) * cells;
            var picked = data.reshape([batch * cells, .. slice]).index_select(0, (rows + offsets).flatten());
            return OpUtil.One(picked.reshape([.. indices.shape[..^1], .. slice]));
        };
    }
}

/// <summary>NonZero: the int64 coordinates [rank, count] of the non-zero elements, in row-major order.</summary>
internal sealed class NonZeroOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx) => inputs =>
    {
        var x = inputs[0]!;
        return OpUtil.One(x.dim() == 0
            ? zeros([0, x.ne(OpUtil.ScalarLike(x, 0)).item<bool>() ? 1 : 0], ScalarType.Int64, x.device)
            : x.nonzero().t().contiguous());
    };
}

/// <summary>Where: select from X or Y by a bool condition, all three broadcasting.</summary>
internal sealed class WhereOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx) =>
        inputs => OpUtil.One(where(inputs[0]!.to_type(ScalarType.Bool), inputs[1]!, inputs[2]!));
}
