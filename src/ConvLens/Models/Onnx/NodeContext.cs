using Onnx;
using static TorchSharp.torch;

namespace ConvLens.Models.Onnx;

/// <summary>What an op sees while compiling one node: attributes, opset, inputs known at load, error helper.</summary>
internal sealed class NodeContext
{
    private readonly Func<string, Tensor?> _constant;
    private readonly Action<OnnxGraphModule> _own;

    public NodeContext(NodeProto node, int opset, string source, Func<string, Tensor?> constant, Action<OnnxGraphModule> own)
    {
        Node = node;
        Opset = opset;
        Source = source;
        _constant = constant;
        _own = own;
        Attributes = new NodeAttributes(node.Attribute, Error);
    }

    public NodeProto Node { get; }

    public int Opset { get; }

    /// <summary>The model file (or a description) for error messages.</summary>
    public string Source { get; }

    public NodeAttributes Attributes { get; }

    public int InputCount => Node.Input.Count;

    public int OutputCount => Node.Output.Count;

    /// <summary>True when input <paramref name="i"/> is given (a missing trailing input or an empty name means absent).</summary>
    public bool HasInput(int i) => i < Node.Input.Count && Node.Input[i].Length > 0;

    /// <summary>True when output <paramref name="i"/> is wanted.</summary>
    public bool HasOutput(int i) => i < Node.Output.Count && Node.Output[i].Length > 0;

    /// <summary>The value of input <paramref name="i"/> when it is an initializer or Constant (known at load), else null.</summary>
    public Tensor? ConstantInput(int i) => HasInput(i) ? _constant(Node.Input[i]) : null;

    /// <summary>
    /// Hands a compiled subgraph (a branch of If) to the enclosing graph module, which registers it as a submodule:
    /// it moves with the module (.to(device), dtype) and is disposed with it.
    /// </summary>
    public void Own(OnnxGraphModule subgraph) => _own(subgraph);

    /// <summary>An error naming the file, node, op and opset.</summary>
    public OnnxImportException Error(string message) =>
        new($"{Source}: node '{Node.Name}' ({Node.OpType}, opset {Opset}): {message}");
}

/// <summary>The run-time part of a compiled node: tensor math only. Absent optional inputs are null.</summary>
internal delegate Tensor?[] NodeKernel(Tensor?[] inputs);

/// <summary>An ONNX op: validates a node's attributes once and returns its kernel.</summary>
internal interface IOnnxOp
{
    NodeKernel Compile(NodeContext ctx);
}
