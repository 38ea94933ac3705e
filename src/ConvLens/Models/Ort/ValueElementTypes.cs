using Onnx;

namespace ConvLens.Models.Ort;

/// <summary>The ONNX element type of every value of a graph, which a graph output must declare.</summary>
/// <remarks>
/// Declared types (inputs, initializers, value_info, outputs) win; otherwise a value takes the type its op gives:
/// Cast its target, the index and shape ops int64, comparisons bool, Constant and ConstantOfShape their value's
/// type, and every other op the type of its first input (true of all the arithmetic, pooling and shape-moving ops
/// of a CNN).
/// </remarks>
internal static class ValueElementTypes
{
    private const int Float = 1;
    private const int Int64 = 7;
    private const int Bool = 9;

    private static readonly HashSet<string> s_int64Ops = new(StringComparer.Ordinal) { "Shape", "Size", "ArgMax", "ArgMin", "NonZero" };

    private static readonly HashSet<string> s_boolOps = new(StringComparer.Ordinal)
    {
        "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Not", "And", "Or", "Xor", "IsNaN", "IsInf",
    };

    /// <summary>Element types by value name (ONNX <c>TensorProto.DataType</c> numbers).</summary>
    public static Dictionary<string, int> Of(GraphProto graph)
    {
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var init in graph.Initializer)
        {
            types[init.Name] = init.DataType;
        }

        foreach (var vi in graph.Input.Concat(graph.ValueInfo).Concat(graph.Output))
        {
            if (vi.Type?.TensorType is { ElemType: > 0 } t)
            {
                types[vi.Name] = t.ElemType;
            }
        }

        foreach (var node in graph.Node)
        {
            var type = OutputType(node, types);
            foreach (var o in node.Output.Where(o => o.Length > 0))
            {
                types.TryAdd(o, type);
            }
        }

        return types;
    }

    private static int OutputType(NodeProto node, Dictionary<string, int> types)
    {
        int? Attribute(string name) => node.Attribute.FirstOrDefault(a => a.Name == name) is { } a
            ? a.T is { } t && a.Type == AttributeProto.Types.AttributeType.Tensor ? t.DataType : (int)a.I
            : null;

        return node.OpType switch
        {
            "Cast" => Attribute("to") ?? Float,
            "Constant" or "ConstantOfShape" => Attribute("value") ?? Float,
            _ when s_int64Ops.Contains(node.OpType) => Int64,
            _ when s_boolOps.Contains(node.OpType) => Bool,
            _ => node.Input.Where(i => i.Length > 0).Select(i => types.GetValueOrDefault(i)).FirstOrDefault(t => t > 0, Float),
        };
    }
}
