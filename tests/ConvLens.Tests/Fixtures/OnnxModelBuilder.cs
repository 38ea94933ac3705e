using Google.Protobuf;
using Onnx;

namespace ConvLens.Tests.Fixtures;

/// <summary>Builds small ONNX models in code (tests make their own; nothing is exported by hand).</summary>
internal sealed class OnnxModelBuilder
{
    private readonly GraphProto _graph = new() { Name = "test" };
    private readonly int _opset;
    private readonly List<StringStringEntryProto> _metadata = [];
    private int _next;

    public OnnxModelBuilder(int opset = 13) => _opset = opset;

    /// <summary>Declares a float32 graph input with a fixed shape (null dims become a symbolic "N").</summary>
    public OnnxModelBuilder Input(string name, params long?[] dims)
    {
        _graph.Input.Add(ValueInfo(name, 1, dims));
        return this;
    }

    /// <summary>Declares a graph output (float32, shape left to inference).</summary>
    public OnnxModelBuilder Output(string name, int elemType = 1)
    {
        _graph.Output.Add(ValueInfo(name, elemType, null));
        return this;
    }

    /// <summary>Adds a float32 initializer in float_data (as CNTK writes them).</summary>
    public OnnxModelBuilder Initializer(string name, float[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = 1 };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        _graph.Initializer.Add(t);
        return this;
    }

    /// <summary>Adds an int64 initializer in raw_data (as torch writes them).</summary>
    public OnnxModelBuilder Int64Initializer(string name, long[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = 7 };
        t.Dims.AddRange(dims);
        t.RawData = ByteString.CopyFrom(values.SelectMany(BitConverter.GetBytes).ToArray());
        _graph.Initializer.Add(t);
        return this;
    }

    /// <summary>Adds a node; attributes are (name, value) with long, float, string, long[], float[] or subgraph (<see cref="GraphProto"/>) values.</summary>
    public OnnxModelBuilder Node(string opType, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var n = new NodeProto { OpType = opType, Name = $"{opType}_{_next++}" };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        foreach (var (name, value) in attributes)
        {
            var a = new AttributeProto { Name = name };
            switch (value)
            {
                case long l: a.Type = AttributeProto.Types.AttributeType.Int; a.I = l; break;
                case int i: a.Type = AttributeProto.Types.AttributeType.Int; a.I = i; break;
                case float f: a.Type = AttributeProto.Types.AttributeType.Float; a.F = f; break;
                case string s: a.Type = AttributeProto.Types.AttributeType.String; a.S = ByteString.CopyFromUtf8(s); break;
                case long[] ls: a.Type = AttributeProto.Types.AttributeType.Ints; a.Ints.AddRange(ls); break;
                case float[] fs: a.Type = AttributeProto.Types.AttributeType.Floats; a.Floats.AddRange(fs); break;
                case GraphProto g: a.Type = AttributeProto.Types.AttributeType.Graph; a.G = g; break;
                default: throw new ArgumentException($"unsupported attribute value {value.GetType()}");
            }

            n.Attribute.Add(a);
        }

        _graph.Node.Add(n);
        return this;
    }

    /// <summary>Adds a metadata_props entry (as exporters write, e.g. Ultralytics' task and names).</summary>
    public OnnxModelBuilder Metadata(string key, string value)
    {
        _metadata.Add(new StringStringEntryProto { Key = key, Value = value });
        return this;
    }

    public ModelProto Build()
    {
        var m = new ModelProto { IrVersion = 8, ProducerName = "ConvLens.Tests", Graph = _graph.Clone() };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = _opset });
        m.MetadataProps.Add(_metadata);
        return m;
    }

    public byte[] ToBytes() => Build().ToByteArray();

    /// <summary>Writes the model to <paramref name="dir"/> and returns its path.</summary>
    public string Save(string dir, string name = "model")
    {
        var path = Path.Combine(dir, name + ".onnx");
        File.WriteAllBytes(path, ToBytes());
        return path;
    }

    public static ValueInfoProto ValueInfo(string name, int elemType, long?[]? dims)
    {
        var tt = new TypeProto.Types.Tensor { ElemType = elemType };
        if (dims is not null)
        {
            tt.Shape = new TensorShapeProto();
            foreach (var d in dims)
            {
                tt.Shape.Dim.Add(d is { } v ? new TensorShapeProto.Types.Dimension { DimValue = v } : new TensorShapeProto.Types.Dimension { DimParam = "N" });
            }
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tt } };
    }
}
