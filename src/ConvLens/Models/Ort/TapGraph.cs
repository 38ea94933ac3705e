using Google.Protobuf;
using Onnx;

namespace ConvLens.Models.Ort;

/// <summary>Rewrites an ONNX model so that exactly the requested values are its outputs, for one ONNX Runtime session.</summary>
internal static class TapGraph
{
    /// <summary>The serialized model whose outputs are <paramref name="outputs"/>, in that order.</summary>
    /// <param name="model">The model as loaded; not changed.</param>
    /// <param name="outputs">Value names to expose: taps and, when wanted, the graph output.</param>
    /// <param name="types">Element types by value name (<see cref="ValueElementTypes"/>).</param>
    /// <param name="preprocessed">When set, the model's preprocessing goes in front of this input (<see cref="PreprocessingGraph"/>).</param>
    /// <remarks>
    /// Nodes that no output needs are removed, so a stage-3 tap does not pay for stage 4, as in the imported
    /// graph. Every input dimension becomes symbolic and the intermediate shape hints are dropped: libtorch runs
    /// any batch and image size, and a file that declares batch 1 (the built-in featurizer does) would make ONNX
    /// Runtime refuse batch 8. Initializers are shared with <paramref name="model"/> (protobuf bytes are immutable).
    /// </remarks>
    public static byte[] Build(ModelProto model, IReadOnlyList<string> outputs, IReadOnlyDictionary<string, int> types, (string Input, Preprocessing Preprocessing)? preprocessed = null)
    {
        var m = model.Clone();
        if (preprocessed is var (modelInput, preprocessing))
        {
            PreprocessingGraph.Prepend(m, modelInput, preprocessing);
        }

        var g = m.Graph;
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var n in g.Node)
        {
            foreach (var o in n.Output.Where(o => o.Length > 0))
            {
                producers[o] = n;
            }
        }

        var kept = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<string>(outputs);
        while (pending.Count > 0)
        {
            if (producers.TryGetValue(pending.Pop(), out var n) && kept.Add(n))
            {
                foreach (var i in n.Input.Where(i => i.Length > 0))
                {
                    pending.Push(i);
                }
            }
        }

        var nodes = g.Node.Where(kept.Contains).ToList();
        g.Node.Clear();
        g.Node.AddRange(nodes);
        var read = nodes.SelectMany(n => n.Input).Concat(outputs).ToHashSet(StringComparer.Ordinal);
        var initializers = g.Initializer.Where(i => read.Contains(i.Name)).ToList();
        var dropped = g.Initializer.Select(i => i.Name).Except(initializers.Select(i => i.Name)).ToHashSet(StringComparer.Ordinal);
        g.Initializer.Clear();
        g.Initializer.AddRange(initializers);

        // Before IR 4 initializers are listed as inputs too; one whose initializer is gone would become a required feed.
        var inputs = g.Input.Where(i => !dropped.Contains(i.Name)).ToList();
        g.Input.Clear();
        g.Input.AddRange(inputs);
        var initializerNames = initializers.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var input in g.Input.Where(i => !initializerNames.Contains(i.Name)))
        {
            if (input.Type?.TensorType?.Shape is { } shape)
            {
                for (var d = 0; d < shape.Dim.Count; d++)
                {
                    shape.Dim[d] = new TensorShapeProto.Types.Dimension { DimParam = $"{input.Name}_dim{d}" };
                }
            }
        }

        g.ValueInfo.Clear();
        g.Output.Clear();
        foreach (var name in outputs)
        {
            g.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = types.GetValueOrDefault(name, 1) } },
            });
        }

        return m.ToByteArray();
    }
}
