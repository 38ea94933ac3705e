using Onnx;

namespace ConvLens.Models.Onnx;

/// <summary>One node after compilation: value ids of its inputs and outputs (-1 = absent) and its kernel.</summary>
internal sealed record CompiledNode(NodeProto Proto, int Opset, int[] Inputs, int[] Outputs, NodeKernel Kernel)
{
    public string Name => Proto.Name;

    public string OpType => Proto.OpType;
}
