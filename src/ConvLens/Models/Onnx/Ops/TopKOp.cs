using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>
/// TopK: the k largest (or, with largest=0 from opset 11, smallest) elements along axis, values and int64 indices.
/// k is an attribute before opset 10 and a one-element input from 10. ONNX orders equal values by lower index,
/// which libtorch's topk does not promise, so this takes a stable sort and the first k
/// (docs/contributing/onnx-import-pitfalls.md §6.2). Values are gathered from the input, so they have a backward.
/// </summary>
internal sealed class TopKOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var axis = ctx.Attributes.Int("axis", -1);
        var largest = ctx.Attributes.Flag("largest", true);
        var attributeK = ctx.Opset < 10 ? ctx.Attributes.RequiredInt("k") : (long?)null;
        // sorted=0 leaves the order unspecified, so the sorted order satisfies both; the value is only validated.
        _ = ctx.Attributes.Flag("sorted", true);

        return inputs =>
        {
            var x = inputs[0]!;
            var a = OpUtil.Axis(axis, x.dim());
            var k = attributeK ?? (OpUtil.Longs(inputs[1]!) is [var v] ? v : throw new ArgumentException("K must hold exactly one value"));
            if (k < 0 || k > x.shape[a])
            {
                throw new ArgumentException($"K = {k} is outside [0, {x.shape[a]}] for axis {a} of [{string.Join(",", x.shape)}]");
            }

            var (_, order) = x.detach().sort(a, descending: largest, stable: true);
            var indices = order.narrow(a, 0, k);
            return [x.gather(a, indices), indices];
        };
    }
}
