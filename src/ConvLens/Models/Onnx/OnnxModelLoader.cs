using System.IO.MemoryMappedFiles;
using ConvLens.Engine;
using Google.Protobuf;
using TorchSharp;
using Onnx;
using static TorchSharp.torch;

namespace ConvLens.Models.Onnx;

/// <summary>Reads ONNX files into TorchSharp: parse, validate every node against the op registry, compile.</summary>
/// <remarks>
/// Everything that can be checked without data is checked at load, so a model with an unsupported op, a missing
/// attribute or a dangling value fails at once with the file, node, op and opset named.
/// </remarks>
public static class OnnxModelLoader
{
    private static readonly string[] DefaultDomains = ["", "ai.onnx"];

    /// <summary>Loads an ONNX file as a model with ImageNet preprocessing at its declared input size (or 224).</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="device">Where the weights live; CPU when null.</param>
    /// <param name="preprocessing">Overrides the default preprocessing.</param>
    /// <param name="input">Changes the normalisation and resize rule of the preprocessing (default or given), keeping the input size.</param>
    /// <exception cref="OnnxImportException">The file is missing, unreadable, not ONNX, or uses something unsupported.</exception>
    public static OnnxModel Load(string path, Device? device = null, Preprocessing? preprocessing = null, InputSpec? input = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var model = ReadModelWhileEngineStarts(path);
        var graph = Compile(model, Path.GetFileName(path), Path.GetDirectoryName(Path.GetFullPath(path)), device);
        try
        {
            var ultralytics = UltralyticsMetadata.Read(model);
            var size = Declared(graph, model) ?? (ultralytics?.ImageSize is { } exported ? (exported.Height, exported.Width, 3) : Undeclared);

            // ImageNet's 256-then-crop-224 ratio, kept at the declared size.
            var pre = preprocessing ?? ultralytics?.PreprocessingAt(size.Height, size.Width) ?? Preprocessing.ImageNet with
            {
                Height = size.Height,
                Width = size.Width,
                ResizeShorterTo = (int)Math.Round(Math.Min(size.Height, size.Width) * 256.0 / 224),
            };
            pre = input?.ApplyTo(pre) ?? pre;
            return new OnnxModel(Path.GetFileNameWithoutExtension(path), graph, pre)
            {
                InputChannels = size.Channels,
                Proto = model,
                Labels = ultralytics?.Names,
                Ultralytics = ultralytics,
            };
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    /// <summary>Parses, validates and compiles the file into a graph module.</summary>
    internal static OnnxGraphModule LoadGraph(string path, Device? device = null) => LoadGraph(path, out _, device);

    /// <summary>Parses, validates and compiles the file into a graph module, and gives the parsed file too.</summary>
    internal static OnnxGraphModule LoadGraph(string path, out ModelProto model, Device? device = null)
    {
        model = ReadModelWhileEngineStarts(path);
        return Compile(model, Path.GetFileName(path), Path.GetDirectoryName(Path.GetFullPath(path)), device);
    }

    // The first model of a process also pays libtorch's start (loading the native libraries, oneDNN's cache repair:
    // 0.45 s here), which needs nothing from the file, so it runs on another core while the file is parsed (0.26 s).
    private static ModelProto ReadModelWhileEngineStarts(string path)
    {
        var engine = Task.Run(OneDnnCacheRepair.Ensure);
        var model = ReadModel(path);
        engine.GetAwaiter().GetResult();
        return model;
    }

    /// <summary>Parses an ONNX file; every failure becomes an <see cref="OnnxImportException"/> naming it.</summary>
    internal static ModelProto ReadModel(string path)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new OnnxImportException($"ONNX file '{path}' does not exist");
        }

        // The file is mapped, not read into an array: the parser copies each weight once into its ByteString and the
        // reader once more into the tensor, instead of four copies of every weight (100 MB files).
        try
        {
            using var file = File.OpenHandle(path);
            var length = RandomAccess.GetLength(file);
            if (length == 0)
            {
                return Parse([], name);
            }

            if (length > int.MaxValue)
            {
                throw new OnnxImportException($"{name}: {length} bytes; an ONNX protobuf is at most 2 GiB (larger models keep their weights in external data files)");
            }

            using var map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return Parse(view, (int)length, name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OnnxImportException($"{name}: cannot read the file: {e.Message}", e);
        }
    }

    private static unsafe ModelProto Parse(MemoryMappedViewAccessor view, int length, string source)
    {
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        try
        {
            return Parse(new ReadOnlySpan<byte>(start + view.PointerOffset, length), source);
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>Parses ONNX bytes; <paramref name="source"/> names them in errors.</summary>
    internal static ModelProto Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length == 0)
        {
            throw new OnnxImportException($"{source}: the file is empty, not an ONNX model");
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException or InvalidOperationException or IOException)
        {
            throw new OnnxImportException($"{source}: not a valid ONNX file (truncated or not an ONNX protobuf): {e.Message}", e);
        }

        if (model.Graph is null || model.Graph.Node.Count == 0)
        {
            throw new OnnxImportException($"{source}: not an ONNX model (no graph with nodes found)");
        }

        return model;
    }

    /// <summary>Validates and compiles a parsed model; every failure becomes an <see cref="OnnxImportException"/>.</summary>
    internal static OnnxGraphModule Compile(ModelProto model, string source, string? baseDir = null, Device? device = null)
    {
        var stored = new List<(int Id, Tensor Value, bool IsParameter)>();
        try
        {
            return CompileCore(model, source, baseDir, device, stored);
        }
        catch (Exception e) when (e is not OnnxImportException and not OutOfMemoryException)
        {
            foreach (var s in stored)
            {
                s.Value.Dispose();
            }

            throw new OnnxImportException($"{source}: invalid ONNX model: {e.Message}", e);
        }
        catch
        {
            foreach (var s in stored)
            {
                s.Value.Dispose();
            }

            throw;
        }
    }

    private static OnnxGraphModule CompileCore(
        ModelProto model, string source, string? baseDir, Device? device, List<(int Id, Tensor Value, bool IsParameter)> stored)
    {
        var opset = DefaultOpset(model, source);
        var g = OuterScope.MadeExplicit(model.Graph);
        var names = new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int Id(string n)
        {
            if (!ids.TryGetValue(n, out var id))
            {
                id = names.Count;
                ids[n] = id;
                names.Add(n);
            }

            return id;
        }

        if (g.SparseInitializer.Count > 0)
        {
            throw new OnnxImportException($"{source}: sparse initializers are not supported");
        }

        // BN running statistics are float but must never get gradients: they become buffers.
        var statistics = g.Node.Where(n => n.OpType == "BatchNormalization")
            .SelectMany(n => n.Input.Skip(3).Take(2)).ToHashSet(StringComparer.Ordinal);
        var constants = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var used = g.Node.SelectMany(n => n.Input).Concat(g.Output.Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        // Initializers no node reads are dead weight (some exporters leave them); they are not loaded.
        foreach (var init in g.Initializer.Where(i => used.Contains(i.Name)))
        {
            if (init.Name.Length == 0 || constants.ContainsKey(init.Name))
            {
                throw new OnnxImportException($"{source}: initializer with empty or duplicate name '{init.Name}'");
            }

            // Weights belong to the module, not to whatever dispose scope the caller has open.
            var t = TensorProtoReader.Read(init, baseDir, device).DetachFromDisposeScope();
            var isParameter = t.is_floating_point() && !statistics.Contains(init.Name);
            stored.Add((Id(init.Name), t, isParameter));
            constants[init.Name] = t;
        }

        // Before IR 4 every initializer is also listed as an input; the real inputs are the others.
        var inputs = new List<int>();
        var initializers = g.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var vi in g.Input.Where(i => !initializers.Contains(i.Name)))
        {
            if (vi.Type is { } type && type.ValueCase is not (TypeProto.ValueOneofCase.TensorType or TypeProto.ValueOneofCase.None))
            {
                throw new OnnxImportException($"{source}: input '{vi.Name}' is a {type.ValueCase}; only tensors are supported");
            }

            inputs.Add(Id(vi.Name));
        }

        var sorted = TopologicalOrder(g, source, ids.Keys.ToHashSet(StringComparer.Ordinal));
        var compiled = new List<CompiledNode>();
        var subgraphs = new List<OnnxGraphModule>();
        foreach (var node in sorted)
        {
            if (!DefaultDomains.Contains(node.Domain))
            {
                throw new OnnxImportException(
                    $"{source}: node '{node.Name}' ({node.OpType}) is in domain '{node.Domain}'; only the default ONNX domain is supported");
            }

            var ctx = new NodeContext(node, opset, source, n => constants.GetValueOrDefault(n), subgraphs.Add);
            var op = OpRegistry.Resolve(node.OpType, opset) ?? throw ctx.Error(
                $"op '{node.OpType}' is not supported at opset {opset}; supported ops: {string.Join(", ", OpRegistry.SupportedOps)}");
            NodeKernel kernel;
            try
            {
                kernel = op.Compile(ctx);
            }
            catch (Exception e) when (e is not OnnxImportException and not OutOfMemoryException)
            {
                throw ctx.Error(e.Message);
            }

            var inIds = node.Input.Select(i => i.Length == 0 ? -1 : Id(i)).ToArray();
            var outIds = node.Output.Select(o => o.Length == 0 ? -1 : Id(o)).ToArray();
            if (node.OpType == "Constant")
            {
                // Constants are evaluated once and kept as buffers (they move with the module).
                var value = kernel([])[0]!.DetachFromDisposeScope();
                if (device is not null && device.type != DeviceType.CPU && value.dtype != ScalarType.Int64)
                {
                    value = value.to(device).DetachFromDisposeScope();
                }

                stored.Add((outIds[0], value, false));
                constants[node.Output[0]] = value;
                continue;
            }

            compiled.Add(new CompiledNode(node, opset, inIds, outIds, kernel));
        }

        var outputs = g.Output.Select(o => ids.TryGetValue(o.Name, out var id)
            ? id
            : throw new OnnxImportException($"{source}: graph output '{o.Name}' is produced by no node")).ToList();
        return new OnnxGraphModule(source, names, compiled, inputs, outputs, stored, subgraphs);
    }

    private static int DefaultOpset(ModelProto model, string source)
    {
        var entry = model.OpsetImport.FirstOrDefault(o => DefaultDomains.Contains(o.Domain));
        if (entry is null)
        {
            // IR 1-2 files may omit opset_import; they mean opset 1.
            return model.OpsetImport.Count == 0 ? 1 : throw new OnnxImportException(
                $"{source}: no opset for the default ONNX domain (imports: {string.Join(", ", model.OpsetImport.Select(o => $"{o.Domain}:{o.Version}"))})");
        }

        return entry.Version is < 1 or > 1000
            ? throw new OnnxImportException($"{source}: invalid opset version {entry.Version}")
            : (int)entry.Version;
    }

    private static List<NodeProto> TopologicalOrder(GraphProto g, string source, HashSet<string> available)
    {
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var n in g.Node)
        {
            foreach (var o in n.Output.Where(o => o.Length > 0))
            {
                if (!producers.TryAdd(o, n) || available.Contains(o))
                {
                    throw new OnnxImportException($"{source}: value '{o}' is produced more than once (node '{n.Name}')");
                }
            }
        }

        // Iterative depth-first order keeps the file's order where it is already topological.
        var state = new Dictionary<NodeProto, int>(ReferenceEqualityComparer.Instance);
        var order = new List<NodeProto>();
        foreach (var root in g.Node)
        {
            var stack = new Stack<(NodeProto Node, int Next)>();
            if (state.ContainsKey(root))
            {
                continue;
            }

            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.Input.Count)
                {
                    stack.Push((node, next + 1));
                    var name = node.Input[next];
                    if (name.Length == 0 || available.Contains(name))
                    {
                        continue;
                    }

                    if (!producers.TryGetValue(name, out var p))
                    {
                        throw new OnnxImportException($"{source}: node '{node.Name}' ({node.OpType}) reads '{name}', which no node, input or initializer provides");
                    }

                    if (state.TryGetValue(p, out var s))
                    {
                        if (s == 1)
                        {
                            throw new OnnxImportException($"{source}: the graph has a cycle through node '{p.Name}' ({p.OpType})");
                        }

                        continue;
                    }

                    state[p] = 1;
                    stack.Push((p, 0));
                }
                else
                {
                    state[node] = 2;
                    order.Add(node);
                }
            }
        }

        return order;
    }

    /// <summary>The image size (and channels) a model declares on its first input ([N,C,H,W]), else 224x224 (3).</summary>
    internal static (int Height, int Width, int Channels) DeclaredImageSize(OnnxGraphModule graph, ModelProto model) =>
        Declared(graph, model) ?? Undeclared;

    private static readonly (int Height, int Width, int Channels) Undeclared = (224, 224, 3);

    /// <summary>The first input's fixed [_, C, H, W] size, or null when H or W is not declared.</summary>
    private static (int Height, int Width, int Channels)? Declared(OnnxGraphModule graph, ModelProto model)
    {
        var input = model.Graph.Input.FirstOrDefault(i => graph.Inputs.Length > 0 && i.Name == graph.InputName(0));
        var dims = input?.Type?.TensorType?.Shape?.Dim;
        static bool Fixed(TensorShapeProto.Types.Dimension d) => d.HasDimValue && d.DimValue is > 0 and < 65536;
        return dims is { Count: 4 } && Fixed(dims[2]) && Fixed(dims[3])
            ? ((int)dims[2].DimValue, (int)dims[3].DimValue, Fixed(dims[1]) ? (int)dims[1].DimValue : 3)
            : null;
    }
}
