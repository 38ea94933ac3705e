using System.Globalization;
using Onnx;
using static TorchSharp.torch;

namespace ConvLens.Models.Onnx;

/// <summary>Typed access to a node's attributes with the spec defaults given by the caller.</summary>
internal sealed class NodeAttributes
{
    private readonly Dictionary<string, AttributeProto> _byName;
    private readonly Func<string, OnnxImportException> _error;

    public NodeAttributes(IEnumerable<AttributeProto> attributes, Func<string, OnnxImportException> error)
    {
        _byName = new Dictionary<string, AttributeProto>(StringComparer.Ordinal);
        foreach (var a in attributes)
        {
            _byName[a.Name] = a;
        }

        _error = error;
    }

    public bool Has(string name) => _byName.ContainsKey(name);

    public long Int(string name, long fallback) => Get(name, AttributeProto.Types.AttributeType.Int) is { } a ? a.I : fallback;

    /// <summary>A 0/1 int attribute; any other value is an error naming the attribute.</summary>
    public bool Flag(string name, bool fallback) => Int(name, fallback ? 1 : 0) switch
    {
        0 => false,
        1 => true,
        var v => throw _error($"attribute '{name}' is {v}; expected 0 or 1"),
    };

    public long RequiredInt(string name) => Get(name, AttributeProto.Types.AttributeType.Int)?.I ?? throw Missing(name);

    public float Float(string name, float fallback) => Get(name, AttributeProto.Types.AttributeType.Float) is { } a ? a.F : fallback;

    public string String(string name, string fallback) =>
        Get(name, AttributeProto.Types.AttributeType.String) is { } a ? a.S.ToStringUtf8() : fallback;

    public long[]? Ints(string name) => Get(name, AttributeProto.Types.AttributeType.Ints)?.Ints.ToArray();

    public float[]? Floats(string name) => Get(name, AttributeProto.Types.AttributeType.Floats)?.Floats.ToArray();

    public TensorProto? TensorProto(string name) => Get(name, AttributeProto.Types.AttributeType.Tensor)?.T;

    public GraphProto? Graph(string name) => Get(name, AttributeProto.Types.AttributeType.Graph)?.G;

    public Tensor? Tensor(string name) => TensorProto(name) is { } t ? TensorProtoReader.Read(t) : null;

    private AttributeProto? Get(string name, AttributeProto.Types.AttributeType type)
    {
        if (!_byName.TryGetValue(name, out var a))
        {
            return null;
        }

        // Some writers leave the type unset; trust the field then.
        if (a.Type != type && a.Type != AttributeProto.Types.AttributeType.Undefined)
        {
            // An ints attribute given as a single int (or the reverse) is tolerated.
            if (!(type == AttributeProto.Types.AttributeType.Ints && a.Type == AttributeProto.Types.AttributeType.Int))
            {
                throw _error($"attribute '{name}' is {a.Type.ToString().ToLower(CultureInfo.InvariantCulture)}, expected {type.ToString().ToLower(CultureInfo.InvariantCulture)}");
            }

            var copy = a.Clone();
            copy.Ints.Add(a.I);
            return copy;
        }

        return a;
    }

    private OnnxImportException Missing(string name) => _error($"required attribute '{name}' is missing");
}
