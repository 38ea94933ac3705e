using static TorchSharp.torch;

namespace ConvLens.Models.Onnx;

/// <summary>
/// Recognises the linear layers of an imported graph as they run, for <see cref="RunOverrides.LinearLayers"/>: Conv,
/// Gemm with a per-channel (or no) C, MatMul with a stored 2-D weight, and inference-mode BatchNormalization (spatial,
/// the only form after opset 8).
/// </summary>
internal static class OnnxLinearLayers
{
    /// <summary>The call of <paramref name="node"/>, or null when it is not a linear layer the rules can recompute.</summary>
    /// <param name="graph">The graph the node belongs to (MatMul weights must be stored in it).</param>
    /// <param name="node">The node that just ran.</param>
    /// <param name="args">Its inputs.</param>
    /// <param name="output">Its first output.</param>
    /// <param name="feedsNormalization">Convolution outputs that only a batch normalisation reads (<see cref="NormalizedConvolutions"/>).</param>
    public static LinearLayerCall? Describe(OnnxGraphModule graph, CompiledNode node, Tensor?[] args, Tensor output, IReadOnlySet<string> feedsNormalization)
    {
        var layer = node.Proto.Output[0];
        switch (node.OpType)
        {
            case "Conv" when args is [{ } x, { } w, ..]:
                return new LinearLayerCall(layer, LinearLayerKind.Convolution, x, output, w, args.Length > 2 ? args[2] : null, (i, k) => node.Kernel([i, k])[0]!)
                {
                    FeedsNormalization = feedsNormalization.Contains(layer),
                };
            case "Gemm" when args is [{ } a, { } b, ..] && output.dim() == 2:
                var bias = args.Length > 2 ? args[2] : null;
                if (bias is not null && bias.numel() != output.shape[1])
                {
                    return null;
                }

                var factor = node.Proto.Attribute.FirstOrDefault(at => at.Name == "beta")?.F ?? 1f;
                return new LinearLayerCall(layer, LinearLayerKind.Dense, a, output, b, bias is null ? null : bias.reshape(-1) * factor, (i, k) => node.Kernel([i, k])[0]!);
            case "MatMul" when args is [{ } m, { } weight] && weight.dim() == 2 && graph.StoredValue(node.Proto.Input[1]) is not null:
                return new LinearLayerCall(layer, LinearLayerKind.Dense, m, output, weight, null, (i, k) => i.matmul(k));
            case "BatchNormalization" when node.Proto.Attribute.FirstOrDefault(at => at.Name == "spatial") is not { I: 0 } && args is [{ } x, { } gamma, { } beta, { } mean, { } variance, ..]:
                var eps = node.Proto.Attribute.FirstOrDefault(at => at.Name == "epsilon")?.F ?? 1e-5f;
                var scale = gamma / (variance + eps).sqrt();
                var shift = beta - (mean * scale);
                return new LinearLayerCall(layer, LinearLayerKind.BatchNorm, x, output, scale, shift, (i, s) => i * LinearLayerCall.AlongChannels(s, i.dim()));
            default:
                return null;
        }
    }

    /// <summary>The outputs of Conv nodes that one BatchNormalization reads and nothing else (no other node, not a graph output).</summary>
    public static HashSet<string> NormalizedConvolutions(OnnxGraphModule graph)
    {
        var readers = new Dictionary<string, List<CompiledNode>>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            foreach (var input in node.Proto.Input.Where(i => i.Length > 0))
            {
                (readers.TryGetValue(input, out var list) ? list : readers[input] = []).Add(node);
            }
        }

        var outputs = graph.OutputNames.ToHashSet(StringComparer.Ordinal);
        return [.. graph.Nodes
            .Where(n => n.OpType == "Conv")
            .Select(n => n.Proto.Output[0])
            .Where(o => !outputs.Contains(o) && readers.TryGetValue(o, out var r) && r is [{ OpType: "BatchNormalization" } bn] && bn.Proto.Input[0] == o)];
    }
}
