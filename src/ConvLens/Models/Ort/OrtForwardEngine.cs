using Microsoft.ML.OnnxRuntime;
using Onnx;
using static TorchSharp.torch;

namespace ConvLens.Models.Ort;

/// <summary>Runs an ONNX model forward on ONNX Runtime with any set of taps exposed as graph outputs.</summary>
/// <remarks>
/// One session per tap set (<see cref="TapGraph"/>), a few kept (<see cref="OrtSessionCache"/>). The input is
/// handed to ONNX Runtime over the tensor's own memory; the outputs are libtorch tensors that ONNX Runtime writes
/// into directly once a tap set has been run at an input shape (the first run at a shape learns the output shapes
/// and copies once). Runs may come from several threads at once: sessions are thread-safe, and every tensor and
/// value a run creates is its own.
/// </remarks>
internal sealed class OrtForwardEngine : IDisposable
{
    /// <summary>Sessions kept: statistics, feature maps and a CAM use one or two tap sets each.</summary>
    private const int SessionCapacity = 4;

    /// <summary>Input shapes remembered per session (batch sizes and image sizes in use).</summary>
    private const int LayoutCapacity = 16;

    private readonly ModelProto _model;
    private readonly string _source;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly Preprocessing? _preprocessing;
    private readonly Lazy<Dictionary<string, int>> _types;
    private readonly OrtSessionCache _sessions = new(SessionCapacity);
    private volatile string? _failure;
    private long _runs;

    /// <summary>Prepares the engine; nothing is built until the first run.</summary>
    /// <param name="model">The parsed file; kept (its weights are what ONNX Runtime runs).</param>
    /// <param name="source">The model's name, for errors.</param>
    /// <param name="inputNames">The real graph inputs (not initializers).</param>
    /// <param name="outputName">The graph output that is the model output.</param>
    /// <param name="preprocessing">The model's preprocessing, which runs inside the session for images (<see cref="RunImages"/>).</param>
    public OrtForwardEngine(ModelProto model, string source, IReadOnlyList<string> inputNames, string outputName, Preprocessing? preprocessing = null)
    {
        _preprocessing = preprocessing;
        _model = model;
        _source = source;
        _inputName = inputNames.Count > 0 ? inputNames[0] : string.Empty;
        _outputName = outputName;
        _types = new Lazy<Dictionary<string, int>>(() => ValueElementTypes.Of(model.Graph));
        var declared = model.Graph.Input.FirstOrDefault(i => i.Name == _inputName)?.Type?.TensorType?.ElemType ?? 1;
        _failure = inputNames.Count != 1 ? $"it has {inputNames.Count} inputs; ONNX Runtime runs models with one image input here"
            : declared is not (0 or 1) ? $"its input is of ONNX type {declared}, not float32"
            : null;
    }

    /// <summary>How many runs ONNX Runtime has computed (tests tell the engines apart by it).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Why this model cannot run on ONNX Runtime (set when a session could not be built), or null.</summary>
    public string? UnavailableReason => _failure;

    /// <summary>
    /// Runs the model on RGB 0..1 <paramref name="images"/>: its preprocessing runs inside the session when it can
    /// (<see cref="PreprocessingGraph"/>), else in libtorch first. Otherwise as <see cref="Run"/>.
    /// </summary>
    public ModelRun? RunImages(Tensor images, IReadOnlyList<string> layers, bool needOutput, bool required)
    {
        if (_preprocessing is null)
        {
            return Run(images, layers, needOutput, required);
        }

        Preprocessing.CheckImages(images);
        return PreprocessingGraph.Folds(_preprocessing, images.shape[2], images.shape[3])
            ? RunCore(images, layers, needOutput, required, preprocessInGraph: true)
            : Run(_preprocessing.Apply(images), layers, needOutput, required);
    }

    /// <summary>Runs the model on <paramref name="input"/> and returns the output (when wanted) and the taps.</summary>
    /// <param name="input">[N,C,H,W] preprocessed input on the CPU.</param>
    /// <param name="layers">Canonical value names to return.</param>
    /// <param name="needOutput">Whether to return the graph output.</param>
    /// <param name="required">When false, any ONNX Runtime failure returns null, so libtorch runs it instead.</param>
    /// <exception cref="ConvLensException">ONNX Runtime failed and <paramref name="required"/> is true.</exception>
    public ModelRun? Run(Tensor input, IReadOnlyList<string> layers, bool needOutput, bool required) =>
        RunCore(input, layers, needOutput, required, preprocessInGraph: false);

    private ModelRun? RunCore(Tensor input, IReadOnlyList<string> layers, bool needOutput, bool required, bool preprocessInGraph)
    {
        if (_failure is { } reason)
        {
            return required ? throw new ConvLensException($"model '{_source}' cannot run on ONNX Runtime: {reason}") : null;
        }

        // Sorted, so that the same taps asked in another order share a session.
        var wanted = layers.Append(needOutput || layers.Count == 0 ? _outputName : null).OfType<string>()
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var threads = get_num_threads();
        var key = $"{threads}|{(preprocessInGraph ? "images" : "input")}|{string.Join('\n', wanted)}";
        try
        {
            using var lease = _sessions.Acquire(key, () => CreateSession(wanted, threads, preprocessInGraph));
            var values = Execute(lease, input.to(ScalarType.Float32).contiguous(), preprocessInGraph ? PreprocessingGraph.ImagesInput : _inputName, wanted);
            Interlocked.Increment(ref _runs);
            var output = needOutput ? values[_outputName] : null;
            var taps = layers.Distinct(StringComparer.Ordinal).ToDictionary(
                l => l, l => ReferenceEquals(values[l], output) ? output!.alias() : values[l], StringComparer.Ordinal);
            return new ModelRun(output, taps);
        }
        catch (OnnxRuntimeException e)
        {
            return required
                ? throw new ConvLensException($"model '{_source}' failed on ONNX Runtime with input [{string.Join(",", input.shape)}]: {FirstLine(e.Message)}", e)
                : null;
        }
    }

    /// <summary>Releases every session.</summary>
    public void Dispose() => _sessions.Dispose();

    private static Dictionary<string, Tensor> Execute(OrtSessionCache.Lease lease, Tensor x, string inputName, string[] wanted)
    {
        var shapeKey = string.Join(',', x.shape);
        // Run-time warnings (a declared output shape that the relaxed batch dimension overrides) stay off the console.
        using var options = new RunOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var inputValue = OrtTensors.Over(x);
        Tensor[] outputs;
        if (lease.Layouts.TryGetValue(shapeKey, out var layouts))
        {
            outputs = [.. layouts.Select(l => empty(l.Shape, dtype: l.Type))];
            var outputValues = outputs.Select(OrtTensors.Over).ToArray();
            try
            {
                lease.Session.Run(options, [inputName], [inputValue], wanted, outputValues);
            }
            finally
            {
                foreach (var v in outputValues)
                {
                    v.Dispose();
                }
            }
        }
        else
        {
            using var results = lease.Session.Run(options, [inputName], [inputValue], wanted);
            outputs = [.. results.Select(OrtTensors.Copy)];
            if (outputs.All(OrtTensors.CanShare) && lease.Layouts.Count < LayoutCapacity)
            {
                lease.Layouts.TryAdd(shapeKey, [.. outputs.Select(o => new OutputLayout(o.shape, o.dtype))]);
            }
        }

        // ONNX Runtime held raw pointers into these; they must stay reachable until it returned.
        OrtTensors.KeepAlive([x, .. outputs]);
        return wanted.Zip(outputs).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    private InferenceSession CreateSession(string[] outputs, int threads, bool preprocessInGraph)
    {
        using var options = OrtSessionSettings.Create(threads);
        try
        {
            return new InferenceSession(TapGraph.Build(_model, outputs, _types.Value, preprocessInGraph ? (_inputName, _preprocessing!) : null), options);
        }
        catch (OnnxRuntimeException e)
        {
            // Building a session costs about a second: after one fails, auto stops trying (libtorch runs the model).
            _failure = $"ONNX Runtime cannot load it: {FirstLine(e.Message)}";
            throw;
        }
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOfAny(['\r', '\n']);
        return i < 0 ? s : s[..i];
    }
}
