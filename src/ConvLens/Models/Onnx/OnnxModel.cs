using ConvLens.Models.Ort;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Models.Onnx;

/// <summary>
/// An imported ONNX graph as a <see cref="LoadedModel"/>: layers are ONNX value names (node outputs), taps come
/// straight from the executor, and gradients flow through every op.
/// </summary>
public sealed class OnnxModel : LoadedModel
{
    private readonly OnnxGraphModule _graph;
    private readonly string[] _layerNames;
    private readonly OrtForwardEngine? _ort;
    private readonly Lazy<HashSet<string>> _normalizedConvolutions;

    internal OnnxModel(string name, OnnxGraphModule graph, Preprocessing preprocessing, IReadOnlyDictionary<string, string>? aliases = null)
    {
        Name = name;
        _graph = graph;
        Preprocessing = preprocessing;
        _layerNames = [.. graph.Nodes.SelectMany(n => n.Proto.Output).Where(o => o.Length > 0)];
        Aliases = aliases ?? DefaultAliases(graph, _layerNames);
        _graph.eval();
        SetParametersRequireGrad(false);
        _normalizedConvolutions = new(() => OnnxLinearLayers.NormalizedConvolutions(graph));
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override Preprocessing Preprocessing { get; }

    /// <inheritdoc/>
    public override Device Device => _graph.parameters().FirstOrDefault()?.device ?? CPU;

    /// <inheritdoc/>
    public override IReadOnlyList<string> LayerNames => _layerNames;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, string> Aliases { get; }

    /// <summary>Channels of the model input (from the declared input shape; 3 when not declared).</summary>
    /// <remarks><see cref="LoadedModel.Run"/> feeds RGB images, so only 3-channel models run on images.</remarks>
    public int InputChannels { get; init; } = 3;

    /// <summary>What an Ultralytics export says of itself (task, class names, size), or null for other files.</summary>
    public UltralyticsMetadata? Ultralytics { get; init; }

    /// <summary>The graph's output value names.</summary>
    public IReadOnlyList<string> OutputNames => [.. _graph.OutputNames];

    /// <summary>The parsed file, which ONNX Runtime runs for forward-only work (<see cref="ModelEngine"/>); null: libtorch only.</summary>
    internal global::Onnx.ModelProto? Proto
    {
        init => _ort = value is null ? null : new OrtForwardEngine(value, Name, [.. _graph.Inputs.Select((_, i) => _graph.InputName(i))], _graph.OutputNames.First(), Preprocessing);
    }

    /// <summary>The ONNX Runtime engine, or null.</summary>
    internal OrtForwardEngine? Ort => _ort;

    /// <inheritdoc/>
    internal override string? OrtUnavailableReason =>
        _ort is null ? "it was not loaded from an ONNX file"
        : Device.type != DeviceType.CPU ? $"its weights are on {Device.type}, and ONNX Runtime runs on the CPU here"
        : _ort.UnavailableReason;

    /// <inheritdoc/>
    internal override ModelRun? RunOnOrt(Tensor images, IReadOnlyList<string> layers, bool needOutput, bool required) =>
        _ort?.RunImages(images, layers, needOutput, required);

    /// <summary>The imported graph (a TorchSharp module).</summary>
    internal OnnxGraphModule Graph => _graph;

    /// <summary>Moves the weights to <paramref name="device"/>.</summary>
    public void MoveTo(Device device) => _graph.to(device);

    /// <inheritdoc/>
    /// <remarks>
    /// The ReLU substitution applies to every ONNX <c>Relu</c> node, the linear-layer one to the nodes
    /// <see cref="OnnxLinearLayers"/> recognises; layer-output substitutions see their results.
    /// </remarks>
    protected override ModelRun RunPreprocessed(Tensor input, IReadOnlyList<string> layers, bool needOutput, RunOverrides? substitutions)
    {
        var replaced = substitutions?.LayerOutputs ?? new Dictionary<string, Func<Tensor, Tensor>>();
        var relu = substitutions?.Relu;
        var linear = substitutions?.LinearLayers;
        Tensor Rewrite(CompiledNode node, int j, Tensor?[] args, Tensor t)
        {
            if (relu is not null && node.OpType == "Relu")
            {
                t = relu(t);
            }
            else if (linear is not null && j == 0 && OnnxLinearLayers.Describe(_graph, node, args, t, _normalizedConvolutions.Value) is { } call)
            {
                t = linear(call);
            }

            return replaced.TryGetValue(node.Proto.Output[j], out var f) ? f(t) : t;
        }

        return RunCore(input, layers, needOutput, replaced.Count > 0 || relu is not null || linear is not null ? Rewrite : null);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The values the rest of the graph reads besides the layer (shortcut branches, shapes) come from the same first
    /// run; the layer's value becomes a leaf, and the nodes after it run in libtorch with autograd.
    /// </remarks>
    private protected override ModelRun? RunAfter(Tensor images, string layer, IReadOnlyList<string> layers)
    {
        var output = _graph.OutputNames.First();
        string[] wanted = [.. layers.Append(output).Where(l => l != layer).Distinct(StringComparer.Ordinal)];
        // A forced ONNX Runtime engine computes no gradients at all; the whole run then reports that.
        if (Engine == ModelEngine.Ort || _graph.ValuesBeside(layer, wanted) is not { } beside)
        {
            return null;
        }

        ModelRun before;
        using (no_grad())
        {
            // Under the auto engine on ONNX Runtime, under the torch engine in libtorch without autograd.
            before = Run(images, [.. beside.Append(layer)], needOutput: false);
        }

        var leaf = before[layer].detach().requires_grad_(true);
        var given = beside.ToDictionary(v => v, v => before[v], StringComparer.Ordinal);
        given[layer] = leaf;
        var values = _graph.EvaluateFrom(given, wanted);
        // The leaf itself, not an alias: gradients are taken with respect to the tensor the nodes read.
        return new ModelRun(
            output == layer ? leaf : values[output],
            layers.ToDictionary(l => l, l => l == layer ? leaf : l == output ? values[l].alias() : values[l], StringComparer.Ordinal));
    }

    private ModelRun RunCore(Tensor input, IReadOnlyList<string> layers, bool needOutput, Func<CompiledNode, int, Tensor?[], Tensor, Tensor>? rewrite)
    {
        var output = _graph.OutputNames.First();
        var wanted = layers.ToHashSet(StringComparer.Ordinal);
        if (needOutput || wanted.Count == 0)
        {
            wanted.Add(output);
        }

        Dictionary<string, Tensor> values;
        try
        {
            values = _graph.Evaluate([input], wanted, rewrite);
        }
        catch (OnnxImportException e)
        {
            throw new OnnxImportException(
                $"{e.Message} (model '{Name}' got input [{string.Join(",", input.shape)}]; it was made for {Preprocessing.Height}x{Preprocessing.Width})", e);
        }

        var tapped = layers.Distinct(StringComparer.Ordinal).ToDictionary(l => l, l => l == output && needOutput ? values[l].alias() : values[l], StringComparer.Ordinal);
        return new ModelRun(needOutput ? values[output] : null, tapped);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<LayerInfo> DescribeLayers(int height, int width)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var channels = (long)InputChannels;
        var run = RunCore(zeros(1, channels, height, width, device: Device), _layerNames, needOutput: false, null);
        var parameters = _graph.ParameterOnnxNames.Values.ToHashSet(StringComparer.Ordinal);
        var fields = ReceptiveFields(Math.Max(height, width));
        return [.. _layerNames.Select(n =>
        {
            var node = _graph.Producer(n)!;
            var count = node.Proto.Input.Where(parameters.Contains).Sum(i => _graph.StoredValue(i)!.numel());
            var (rf, stride) = fields.GetValueOrDefault(n);
            return new LayerInfo(n, DisplayName(n) == n ? null : DisplayName(n), node.OpType, run.Taps[n].shape, count, rf, stride, run.Taps[n].is_floating_point());
        })];
    }

    /// <inheritdoc/>
    public override Tensor? ConvolutionWeight(string layer)
    {
        var node = _graph.Producer(ResolveLayer(layer));
        while (node is not null && OpRegistry.TraitsOf(node.OpType).HasFlag(OpTraits.PassThrough))
        {
            node = _graph.Producer(node.Proto.Input[0]);
        }

        if (node is null || node.OpType != "Conv")
        {
            return null;
        }

        return Stored(node.Proto.Input[1])?.detach().clone();
    }

    /// <inheritdoc/>
    public override Tensor? BatchNormScale(string layer)
    {
        var node = _graph.Producer(ResolveLayer(layer));
        while (node is not null && node.OpType != "BatchNormalization" && OpRegistry.TraitsOf(node.OpType).HasFlag(OpTraits.PassThrough))
        {
            node = _graph.Producer(node.Proto.Input[0]);
        }

        return node is { OpType: "BatchNormalization" } ? _graph.StoredValue(node.Proto.Input[1])?.detach().clone() : null;
    }

    /// <inheritdoc/>
    /// <remarks>Biases come from the Conv and Gemm nodes' third input (times Gemm's beta) and the BatchNormalization nodes' stored statistics.</remarks>
    internal override IReadOnlyList<(string Layer, Tensor Bias)> BiasTerms()
    {
        var terms = new List<(string, Tensor)>();
        foreach (var node in _graph.Nodes)
        {
            var inputs = node.Proto.Input;
            if (node.OpType == "Conv" && inputs.Count > 2 && Stored(inputs[2]) is { } b)
            {
                terms.Add((node.Proto.Output[0], b.detach().clone()));
            }
            else if (node.OpType == "Gemm" && inputs.Count > 2 && Stored(inputs[2]) is { } c)
            {
                var beta = node.Proto.Attribute.FirstOrDefault(a => a.Name == "beta")?.F ?? 1f;
                terms.Add((node.Proto.Output[0], (c * beta).detach()));
            }
            else if (node.OpType == "BatchNormalization" && inputs.Count > 4
                && Stored(inputs[1]) is { } scale && Stored(inputs[2]) is { } shift && Stored(inputs[3]) is { } mean && Stored(inputs[4]) is { } variance)
            {
                var eps = node.Proto.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
                terms.Add((node.Proto.Output[0], (shift - (mean * scale / (variance + eps).sqrt())).detach()));
            }
        }

        return terms;
    }

    /// <summary>A stored initializer, following the Identity nodes that deduplicating exporters insert.</summary>
    private Tensor? Stored(string name)
    {
        while (_graph.StoredValue(name) is null && _graph.Producer(name) is { OpType: "Identity" } id)
        {
            name = id.Proto.Input[0];
        }

        return _graph.StoredValue(name);
    }

    /// <inheritdoc/>
    public override IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> NamedParameters() =>
        _graph.named_parameters().Select(p => (p.name, p.parameter));

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ort?.Dispose();
            _graph.Dispose();
        }
    }

    /// <summary>
    /// Receptive field and accumulated stride (in input pixels) of every value, from each op's <see cref="OpTraits"/>:
    /// sliding windows (Conv, pools) grow them by their dilated kernel and stride; ops that mix all positions (global
    /// pools, Flatten, Gemm) see the whole input; resampling ops (Resize, ConvTranspose) are left undetermined; the
    /// rest take the largest over their inputs.
    /// </summary>
    private Dictionary<string, (int? Rf, int? Stride)> ReceptiveFields(int inputSize)
    {
        var f = new Dictionary<string, (int? Rf, int? Stride)>(StringComparer.Ordinal);
        for (var i = 0; i < _graph.Inputs.Length; i++)
        {
            f[_graph.InputName(i)] = (1, 1);
        }

        foreach (var node in _graph.Nodes)
        {
            var ins = node.Proto.Input.Where(f.ContainsKey).Select(i => f[i]).Where(v => v.Rf is not null).ToList();
            (int? Rf, int? Stride) r = (null, null);
            if (ins.Count > 0)
            {
                var rf = ins.Max(v => v.Rf!.Value);
                var jump = ins.Max(v => v.Stride ?? 1);
                var traits = OpRegistry.TraitsOf(node.OpType);
                r = traits.HasFlag(OpTraits.SlidingWindow) ? Grow(node, rf, jump)
                    : traits.HasFlag(OpTraits.Resamples) ? (null, null)
                    : traits.HasFlag(OpTraits.MixesAllPositions) ? (inputSize, null)
                    : (rf, ins.Any(v => v.Stride is null) ? null : jump);
            }

            foreach (var o in node.Proto.Output.Where(o => o.Length > 0))
            {
                f[o] = r;
            }
        }

        return f;
    }

    private (int?, int?) Grow(CompiledNode node, int rf, int jump)
    {
        var a = node.Proto.Attribute.ToDictionary(x => x.Name, x => x.Ints.ToArray(), StringComparer.Ordinal);
        var kernel = a.GetValueOrDefault("kernel_shape") is { Length: > 0 } k ? k
            : _graph.StoredValue(node.Proto.Input[1]) is { } w ? w.shape[2..] : null;
        if (kernel is null)
        {
            return (null, null);
        }

        var dil = a.GetValueOrDefault("dilations") is { Length: > 0 } d ? d : [.. kernel.Select(_ => 1L)];
        var str = a.GetValueOrDefault("strides") is { Length: > 0 } s ? s : [.. kernel.Select(_ => 1L)];
        var eff = kernel.Select((kk, i) => ((kk - 1) * dil[i]) + 1).Max();
        return ((int)(rf + ((eff - 1) * jump)), (int)(jump * str.Max()));
    }

    private static Dictionary<string, string> DefaultAliases(OnnxGraphModule graph, string[] layers)
    {
        // A node name is a friendly alias for its single output when it is unique and not itself a value name.
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        var duplicate = graph.Nodes.GroupBy(n => n.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var n in graph.Nodes)
        {
            var outs = n.Proto.Output.Where(o => o.Length > 0).ToList();
            if (n.Name.Length > 0 && outs.Count == 1 && n.Name != outs[0] && !duplicate.Contains(n.Name) && !graph.HasValue(n.Name))
            {
                aliases[n.Name] = outs[0];
            }
        }

        var output = graph.OutputNames.First();
        if (!graph.HasValue("output") && layers.Contains(output))
        {
            aliases.TryAdd("output", output);
        }

        return aliases;
    }
}
