using Onnx;

namespace ConvLens.Models.Onnx;

/// <summary>
/// Subgraphs (the branches of If) read values of the enclosing graph by name without listing them as inputs. Before
/// a graph is sorted and compiled, every node with subgraphs gets those names appended to its inputs, so the
/// topological order, the last-use plan and the kernel all see them like any other input.
/// </summary>
internal static class OuterScope
{
    /// <summary>The graph itself when no node has a subgraph, else a copy whose nodes list their outer-scope reads.</summary>
    public static GraphProto MadeExplicit(GraphProto graph)
    {
        if (!graph.Node.Any(HasSubgraphs))
        {
            return graph;
        }

        var copy = graph.Clone();
        foreach (var node in copy.Node.Where(HasSubgraphs))
        {
            var reads = node.Attribute.SelectMany(Subgraphs).SelectMany(Reads).Distinct(StringComparer.Ordinal)
                .Where(name => !node.Input.Contains(name)).ToList();
            node.Input.AddRange(reads);
        }

        return copy;
    }

    /// <summary>
    /// The names <paramref name="graph"/> (and its own subgraphs) read from outside itself, in first-use order: inputs
    /// of its nodes that neither a node of it produces nor its inputs or initializers provide.
    /// </summary>
    public static IEnumerable<string> Reads(GraphProto graph)
    {
        var local = graph.Node.SelectMany(n => n.Output).Concat(graph.Input.Select(i => i.Name))
            .Concat(graph.Initializer.Select(i => i.Name)).ToHashSet(StringComparer.Ordinal);
        var reads = graph.Node.SelectMany(n => n.Input.Concat(n.Attribute.SelectMany(Subgraphs).SelectMany(Reads)))
            .Concat(graph.Output.Select(o => o.Name));
        return reads.Where(name => name.Length > 0 && !local.Contains(name)).Distinct(StringComparer.Ordinal);
    }

    private static bool HasSubgraphs(NodeProto node) => node.Attribute.Any(a => Subgraphs(a).Any());

    private static IEnumerable<GraphProto> Subgraphs(AttributeProto attribute) =>
        attribute.G is { } g ? [g, .. attribute.Graphs] : attribute.Graphs;
}
