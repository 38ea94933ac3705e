using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Models.Onnx;

/// <summary>
/// An ONNX graph as a TorchSharp module: initializers are registered parameters and buffers, and the compiled
/// nodes run in topological order with TorchSharp ops, so autograd flows through.
/// </summary>
/// <remarks>
/// Only the ancestors of the requested values are evaluated, and each intermediate value is disposed after its
/// last consumer unless it was requested. Ops never return one of their inputs (the executor aliases it), so
/// disposing a value never frees a tensor another value still holds.
/// </remarks>
internal sealed partial class OnnxGraphModule : nn.Module<Tensor, Tensor>
{
    private readonly string[] _valueNames;
    private readonly Dictionary<string, int> _valueIds;
    private readonly CompiledNode[] _nodes;
    private readonly int[] _producer;
    private readonly (int Id, string Key, bool IsParameter)[] _stored;
    private readonly ConcurrentDictionary<string, Plan> _plans = new(StringComparer.Ordinal);

    public OnnxGraphModule(
        string source,
        IReadOnlyList<string> valueNames,
        IReadOnlyList<CompiledNode> nodes,
        IReadOnlyList<int> inputs,
        IReadOnlyList<int> outputs,
        IReadOnlyList<(int Id, Tensor Value, bool IsParameter)> stored,
        IReadOnlyList<OnnxGraphModule>? subgraphs = null)
        : base("OnnxGraph")
    {
        Source = source;
        _valueNames = [.. valueNames];
        _valueIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _valueNames.Length; i++)
        {
            _valueIds[_valueNames[i]] = i;
        }

        _nodes = [.. nodes];
        Inputs = [.. inputs];
        Outputs = [.. outputs];
        _producer = Enumerable.Repeat(-1, _valueNames.Length).ToArray();
        for (var n = 0; n < _nodes.Length; n++)
        {
            foreach (var o in _nodes[n].Outputs.Where(o => o >= 0))
            {
                _producer[o] = n;
            }
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        var storedKeys = new List<(int, string, bool)>();
        foreach (var (id, value, isParameter) in stored)
        {
            var key = UniqueKey(_valueNames[id], keys);
            if (isParameter)
            {
                var parameter = new TorchSharp.Modules.Parameter(value, requires_grad: true);
                parameter.DetachFromDisposeScope();
                register_parameter(key, parameter);
            }
            else
            {
                register_buffer(key, value);
            }

            storedKeys.Add((id, key, isParameter));
        }

        _stored = [.. storedKeys];
        foreach (var (subgraph, i) in (subgraphs ?? []).Select((m, i) => (m, i)))
        {
            // Branches of If nodes: registered so that they move and are disposed with this module.
            register_module(UniqueKey($"subgraph_{i}", keys), subgraph);
        }
    }

    /// <summary>The file (or description) the graph came from, for error messages.</summary>
    public string Source { get; }

    /// <summary>Value ids of the real graph inputs (not initializers), in order.</summary>
    public int[] Inputs { get; }

    /// <summary>Value ids of the graph outputs.</summary>
    public int[] Outputs { get; }

    public IReadOnlyList<CompiledNode> Nodes => _nodes;

    public IReadOnlyList<string> ValueNames => _valueNames;

    public string InputName(int i) => _valueNames[Inputs[i]];

    public IEnumerable<string> OutputNames => Outputs.Select(o => _valueNames[o]);

    public bool HasValue(string name) => _valueIds.ContainsKey(name);

    public int ValueId(string name) => _valueIds[name];

    /// <summary>The node that produces value <paramref name="name"/>, or null for inputs and initializers.</summary>
    public CompiledNode? Producer(string name) =>
        _valueIds.TryGetValue(name, out var id) && _producer[id] >= 0 ? _nodes[_producer[id]] : null;

    /// <summary>The stored initializer or Constant value named <paramref name="name"/>, or null.</summary>
    public Tensor? StoredValue(string name)
    {
        if (!_valueIds.TryGetValue(name, out var id))
        {
            return null;
        }

        foreach (var (sid, key, isParameter) in _stored)
        {
            if (sid == id)
            {
                return isParameter ? get_parameter(key) : get_buffer(key);
            }
        }

        return null;
    }

    /// <summary>Parameter keys (sanitized) mapped to their ONNX initializer names.</summary>
    public IReadOnlyDictionary<string, string> ParameterOnnxNames =>
        _stored.Where(s => s.IsParameter).ToDictionary(s => s.Key, s => _valueNames[s.Id], StringComparer.Ordinal);

    /// <summary>Runs the graph on its first input and returns its first output.</summary>
    public override Tensor forward(Tensor input)
    {
        var name = _valueNames[Outputs[0]];
        return Evaluate([input], [name])[name];
    }

    /// <summary>Evaluates the requested values given the real inputs in order.</summary>
    /// <param name="inputs">One tensor per real graph input (feeds named like an initializer override it).</param>
    /// <param name="wanted">Value names to return; only their ancestors are evaluated.</param>
    /// <param name="rewrite">Optional substitution of a node's j-th output before anything downstream sees it; it also gets the node's inputs.</param>
    public Dictionary<string, Tensor> Evaluate(
        IReadOnlyList<Tensor> inputs, IReadOnlyCollection<string> wanted, Func<CompiledNode, int, Tensor?[], Tensor, Tensor>? rewrite = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != Inputs.Length)
        {
            throw new OnnxImportException(
                $"{Source}: the graph takes {Inputs.Length} input(s) ({string.Join(", ", Inputs.Select(i => _valueNames[i]))}), got {inputs.Count}");
        }

        var given = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < Inputs.Length; i++)
        {
            given[_valueNames[Inputs[i]]] = inputs[i];
        }

        return EvaluateFrom(given, wanted, rewrite);
    }

    /// <summary>
    /// Evaluates the requested values from the given values of any of the graph's values (inputs or intermediate ones):
    /// only the nodes between them run, so a run can resume after a layer computed elsewhere.
    /// </summary>
    /// <param name="given">Values by name; a requested value that is given is returned as an alias.</param>
    /// <param name="wanted">Value names to return.</param>
    /// <param name="rewrite">As for <see cref="Evaluate"/>.</param>
    /// <exception cref="OnnxImportException">A name is unknown, or a requested value needs a graph input that was not given.</exception>
    public Dictionary<string, Tensor> EvaluateFrom(
        IReadOnlyDictionary<string, Tensor> given, IReadOnlyCollection<string> wanted, Func<CompiledNode, int, Tensor?[], Tensor, Tensor>? rewrite = null)
    {
        ArgumentNullException.ThrowIfNull(given);
        int Id(string name) => _valueIds.TryGetValue(name, out var id)
            ? id
            : throw new OnnxImportException($"{Source}: no value named '{name}' in the graph");
        var wantedIds = wanted.Select(Id).Distinct().ToArray();
        var givenIds = given.Keys.Select(Id).ToArray();
        var plan = _plans.GetOrAdd(string.Join(",", wantedIds.Order()) + "|" + string.Join(",", givenIds.Order()), _ => MakePlan(wantedIds, givenIds));

        var values = new Tensor?[_valueNames.Length];
        var owned = new bool[_valueNames.Length];
        foreach (var (id, key, isParameter) in _stored)
        {
            values[id] = isParameter ? get_parameter(key) : get_buffer(key);
        }

        foreach (var (name, value) in given)
        {
            values[_valueIds[name]] = value;
        }

        foreach (var input in plan.Inputs.Where(i => values[i] is null))
        {
            throw new OnnxImportException($"{Source}: the requested values need graph input '{_valueNames[input]}', which was not given");
        }

        for (var step = 0; step < plan.Nodes.Length; step++)
        {
            var node = _nodes[plan.Nodes[step]];
            var args = new Tensor?[node.Inputs.Length];
            for (var j = 0; j < args.Length; j++)
            {
                var id = node.Inputs[j];
                args[j] = id < 0 ? null : values[id] ?? throw new OnnxImportException($"{Source}: value '{_valueNames[id]}' was freed before node '{node.Name}' used it");
            }

            var outs = RunNode(node, args, rewrite);
            for (var j = node.Outputs.Length; j < outs.Length; j++)
            {
                outs[j]?.Dispose();
            }

            for (var j = 0; j < node.Outputs.Length; j++)
            {
                var o = j < outs.Length ? outs[j] : null;
                var id = node.Outputs[j];
                if (id < 0 || (plan.LastUse[id] < 0 && !plan.Wanted.Contains(id)))
                {
                    o?.Dispose();
                    continue;
                }

                values[id] = o ?? throw new OnnxImportException($"{Source}: node '{node.Name}' ({node.OpType}) did not produce output '{_valueNames[id]}'");
                owned[id] = true;
            }

            foreach (var id in node.Inputs)
            {
                if (id >= 0 && owned[id] && plan.LastUse[id] == step && !plan.Wanted.Contains(id))
                {
                    values[id]!.Dispose();
                    values[id] = null;
                    owned[id] = false;
                }
            }
        }

        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var id in wantedIds)
        {
            // A requested input or initializer is handed out as an alias: the caller may dispose it.
            result[_valueNames[id]] = owned[id] ? values[id]! : values[id]!.alias();
        }

        return result;
    }

    private Tensor?[] RunNode(CompiledNode node, Tensor?[] args, Func<CompiledNode, int, Tensor?[], Tensor, Tensor>? rewrite)
    {
        using var scope = NewDisposeScope();
        Tensor?[] outs;
        try
        {
            outs = node.Kernel(args);
            if (rewrite is not null)
            {
                // The alias gives the substitute a handle in this node's scope whatever scope its function used.
                outs = [.. outs.Select((o, j) => o is null || j >= node.Outputs.Length ? o : rewrite(node, j, args, o).alias())];
            }
        }
        catch (Exception e) when (e is not ConvLensException and not OutOfMemoryException)
        {
            var shapes = string.Join(", ", args.Select(a => a is null ? "absent" : $"[{string.Join(",", a.shape)}] {a.dtype}"));
            throw new OnnxImportException(
                $"{Source}: node '{node.Name}' ({node.OpType}, opset {node.Opset}) failed on inputs {shapes}: {FirstLine(e.Message)}", e);
        }

        for (var i = 0; i < outs.Length; i++)
        {
            if (outs[i] is { } o)
            {
                if (args.Any(a => ReferenceEquals(a, o)))
                {
                    outs[i] = o = o.alias();
                }

                o.MoveToOuterDisposeScope();
            }
        }

        return outs;
    }

    /// <summary>
    /// The values a run from <paramref name="layer"/> to <paramref name="wanted"/> needs besides the layer itself: those
    /// that do not depend on it (computed before it, or beside it) but that a node after it reads, or that are wanted.
    /// Null when the layer does not depend on the graph's inputs (a constant), so no run can start from it.
    /// </summary>
    public IReadOnlyList<string>? ValuesBeside(string layer, IReadOnlyCollection<string> wanted)
    {
        var start = _valueIds[layer];
        var fromInput = Reachable(Inputs);
        if (!fromInput[start])
        {
            return null;
        }

        var fromLayer = Reachable([start]);
        var beside = new SortedSet<int>();
        var stack = new Stack<int>(wanted.Select(w => _valueIds[w]));
        var seen = new bool[_valueNames.Length];
        while (stack.Count > 0)
        {
            var v = stack.Pop();
            if (seen[v] || v == start)
            {
                continue;
            }

            seen[v] = true;
            if (!fromLayer[v])
            {
                // Computed without the layer: the run that computes the layer provides it (initializers are stored).
                if (fromInput[v])
                {
                    beside.Add(v);
                }

                continue;
            }

            foreach (var i in _nodes[_producer[v]].Inputs.Where(i => i >= 0))
            {
                stack.Push(i);
            }
        }

        return [.. beside.Select(v => _valueNames[v])];
    }

    /// <summary>Values computed (transitively) from <paramref name="sources"/>, the sources included.</summary>
    private bool[] Reachable(IEnumerable<int> sources)
    {
        var reached = new bool[_valueNames.Length];
        foreach (var s in sources)
        {
            reached[s] = true;
        }

        foreach (var node in _nodes)
        {
            if (node.Inputs.Any(i => i >= 0 && reached[i]))
            {
                foreach (var o in node.Outputs.Where(o => o >= 0))
                {
                    reached[o] = true;
                }
            }
        }

        return reached;
    }

    private Plan MakePlan(int[] wanted, int[] given)
    {
        var needed = new bool[_nodes.Length];
        var stack = new Stack<int>(wanted);
        var seen = new bool[_valueNames.Length];
        foreach (var g in given)
        {
            // Given values are where the walk back stops.
            seen[g] = true;
        }

        var inputs = new HashSet<int>();
        while (stack.Count > 0)
        {
            var v = stack.Pop();
            if (seen[v])
            {
                continue;
            }

            seen[v] = true;
            if (Inputs.Contains(v))
            {
                inputs.Add(v);
            }

            var p = _producer[v];
            if (p >= 0 && !needed[p])
            {
                needed[p] = true;
                foreach (var i in _nodes[p].Inputs.Where(i => i >= 0))
                {
                    stack.Push(i);
                }
            }
        }

        var order = Enumerable.Range(0, _nodes.Length).Where(n => needed[n]).ToArray();
        var lastUse = Enumerable.Repeat(-1, _valueNames.Length).ToArray();
        for (var step = 0; step < order.Length; step++)
        {
            foreach (var i in _nodes[order[step]].Inputs.Where(i => i >= 0))
            {
                lastUse[i] = step;
            }
        }

        return new Plan(order, lastUse, [.. wanted], [.. inputs]);
    }

    private static string UniqueKey(string onnxName, HashSet<string> taken)
    {
        // TorchSharp separates state-dict keys with '.', so ONNX names ("/layer1/conv.weight") are sanitized.
        var key = NotIdentifier().Replace(onnxName, "_");
        if (key.Length == 0)
        {
            key = "_";
        }

        var unique = key;
        for (var n = 1; !taken.Add(unique); n++)
        {
            unique = $"{key}_{n}";
        }

        return unique;
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOfAny(['\r', '\n']);
        return i < 0 ? s : s[..i];
    }

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex NotIdentifier();

    private sealed record Plan(int[] Nodes, int[] LastUse, HashSet<int> Wanted, int[] Inputs);
}
