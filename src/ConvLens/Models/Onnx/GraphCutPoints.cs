namespace ConvLens.Models.Onnx;

/// <summary>Which values of a graph lie on every path from its inputs to one value.</summary>
/// <remarks>
/// Why: a detector's score output gathers many branches (one per feature level), and a layer on one branch explains
/// only the boxes of its level; the boxes of the others give it no gradient at all. A layer on every path is one
/// that every score depends on.
/// </remarks>
internal static class GraphCutPoints
{
    /// <summary>
    /// The <paramref name="candidates"/> (value names, kept in their order) without which <paramref name="target"/>
    /// would no longer depend on the graph inputs.
    /// </summary>
    public static IReadOnlyList<string> OnEveryPath(OnnxGraphModule graph, string target, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var goal = graph.ValueId(target);
        return [.. candidates.Where(c => graph.HasValue(c) && !DependsOnInputs(graph, goal, graph.ValueId(c)))];
    }

    // Nodes are in topological order, so one pass marks every value computed from an input, skipping the blocked one.
    private static bool DependsOnInputs(OnnxGraphModule graph, int goal, int blocked)
    {
        var live = new bool[graph.ValueNames.Count];
        foreach (var input in graph.Inputs.Where(i => i != blocked))
        {
            live[input] = true;
        }

        foreach (var node in graph.Nodes)
        {
            if (node.Inputs.Any(i => i >= 0 && live[i]))
            {
                foreach (var output in node.Outputs.Where(o => o >= 0 && o != blocked))
                {
                    live[output] = true;
                }
            }
        }

        return live[goal];
    }
}
