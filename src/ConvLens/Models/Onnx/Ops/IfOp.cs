using Onnx;
using static TorchSharp.torch;

namespace ConvLens.Models.Onnx.Ops;

/// <summary>
/// If: runs then_branch or else_branch by a one-element bool condition. Both branches are compiled at load as graphs
/// whose inputs are the enclosing values they read (which <see cref="OuterScope"/> appended to the node's inputs), so
/// they differentiate like the rest of the graph. torchvision's detection exports wrap NonMaxSuppression in one
/// (no boxes: an empty result). Sequence and optional outputs are not supported, as everywhere in the importer.
/// </summary>
internal sealed class IfOp : IOnnxOp
{
    public NodeKernel Compile(NodeContext ctx)
    {
        var outer = ctx.Node.Input.Skip(1).ToArray();
        var thenBranch = Branch(ctx, "then_branch", outer);
        var elseBranch = Branch(ctx, "else_branch", outer);
        return inputs =>
        {
            var condition = inputs[0]!;
            if (condition.numel() != 1)
            {
                throw new ArgumentException($"the condition must hold one value, got [{string.Join(",", condition.shape)}]");
            }

            var branch = condition.to_type(ScalarType.Bool).item<bool>() ? thenBranch : elseBranch;
            var names = branch.OutputNames.ToList();
            var values = branch.Evaluate([.. inputs.Skip(1).Select(t => t!)], names);
            return [.. names.Select(n => values[n])];
        };
    }

    private static OnnxGraphModule Branch(NodeContext ctx, string attribute, string[] outer)
    {
        var graph = ctx.Attributes.Graph(attribute)?.Clone() ?? throw ctx.Error($"required attribute '{attribute}' is missing");
        if (graph.Output.Count != ctx.OutputCount)
        {
            throw ctx.Error($"attribute '{attribute}' has {graph.Output.Count} outputs; the node has {ctx.OutputCount}");
        }

        // Every enclosing value the node reads becomes an input of the branch, in the node's input order.
        graph.Input.Clear();
        graph.Input.AddRange(outer.Select(name => new ValueInfoProto { Name = name }));
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = ctx.Opset });
        var branch = OnnxModelLoader.Compile(model, $"{ctx.Source} ({attribute} of '{ctx.Node.Name}')");
        ctx.Own(branch);
        return branch;
    }
}
