using static TorchSharp.torch;

namespace ConvLens.Models;

/// <summary>
/// A loaded network from any source (ONNX, TorchVision, a TorchSharp module) that can be run on RGB images,
/// tapped at any named layer and differentiated through.
/// </summary>
/// <remarks>
/// <see cref="Run"/> takes images in RGB 0..1 and applies <see cref="Preprocessing"/> itself, so every method
/// works in the space a person sees. Parameters are frozen by default: methods need gradients with respect to
/// inputs and activations only, and frozen weights make backward about 40 % cheaper.
/// </remarks>
public abstract class LoadedModel : IDisposable
{
    /// <summary>Makes sure libtorch's convolutions are trustworthy on this CPU before the model's first one runs.</summary>
    protected LoadedModel()
    {
        ConvLens.Engine.OneDnnCacheRepair.Ensure();
        ConvLens.Engine.TensorMemory.RetainFreedMemory();
    }

    private bool _disposed;
    private ModelEngine _engine;

    /// <summary>A short name for reports (e.g. "resnet18-featurizer").</summary>
    public abstract string Name { get; }

    /// <summary>What the model expects of its input.</summary>
    public abstract Preprocessing Preprocessing { get; }

    /// <summary>Class names by output index, or null when the model has no labels file.</summary>
    public IReadOnlyList<string>? Labels { get; set; }

    /// <summary>The device the weights live on.</summary>
    public abstract Device Device { get; }

    /// <summary>Canonical names of every tappable layer, in execution order.</summary>
    public abstract IReadOnlyList<string> LayerNames { get; }

    /// <summary>Friendly aliases (e.g. "stage3") mapped to canonical layer names.</summary>
    public virtual IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>();

    /// <summary>Which engine computes this model's runs; <see cref="ModelEngine.Auto"/> unless set (<see cref="EngineSelection"/>).</summary>
    /// <remarks>
    /// ONNX Runtime runs the weights as the file holds them: a program that changes parameters in place (for a
    /// randomisation check, say) sets <see cref="ModelEngine.Torch"/> first.
    /// </remarks>
    /// <exception cref="ConvLensException">Set to <see cref="ModelEngine.Ort"/> on a model ONNX Runtime cannot run.</exception>
    public ModelEngine Engine
    {
        get => _engine;
        set => _engine = value == ModelEngine.Ort && OrtUnavailableReason is { } reason
            ? throw new ConvLensException($"model '{Name}' cannot run on ONNX Runtime: {reason}")
            : value;
    }

    /// <summary>Why ONNX Runtime cannot run this model, or null when it can.</summary>
    internal virtual string? OrtUnavailableReason => "it is not an ONNX model";

    /// <summary>Runs the network on ONNX Runtime, forward only; null hands the run back to libtorch.</summary>
    /// <param name="images">[N,3,H,W] RGB 0..1 images as <see cref="Run"/> got them; the engine applies <see cref="Preprocessing"/>.</param>
    /// <param name="layers">Canonical layer names to record.</param>
    /// <param name="needOutput">Whether the graph output is wanted.</param>
    /// <param name="required">True when the engine is forced: a failure is an error, never a fallback.</param>
    internal virtual ModelRun? RunOnOrt(Tensor images, IReadOnlyList<string> layers, bool needOutput, bool required) => null;

    /// <summary>Runs the model on images and records the requested layers: the one way into every model.</summary>
    /// <param name="images">[N,3,H,W], float32, RGB in 0..1, on <see cref="Device"/> (see <see cref="ModelInput"/> for photos).</param>
    /// <param name="taps">Layers to record, by canonical name or alias; the run's taps are keyed by the names given.</param>
    /// <param name="needOutput">When false, the run may stop after the last requested tap.</param>
    /// <param name="overrides">Substitutions for this run only (ablation, guided backpropagation); layer keys may be aliases.</param>
    /// <returns>The output and taps, owned by the caller's dispose scope.</returns>
    /// <exception cref="ConvLensException">A layer name or alias the model does not have, or a run the forced <see cref="Engine"/> cannot do.</exception>
    public ModelRun Run(Tensor images, IReadOnlyCollection<string>? taps = null, bool needOutput = true, RunOverrides? overrides = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(images);
        // Names are resolved here, once, for every kind of model; subclasses only ever see canonical names.
        var requested = (taps ?? []).Distinct(StringComparer.Ordinal).ToDictionary(t => t, ResolveLayer, StringComparer.Ordinal);
        var canonicalOverrides = overrides is null ? null : overrides with
        {
            LayerOutputs = overrides.LayerOutputs.ToDictionary(kv => ResolveLayer(kv.Key), kv => kv.Value, StringComparer.Ordinal),
        };
        var onOrt = EngineSelection.UsesOrt(this, images, canonicalOverrides);
        using var scope = NewDisposeScope();
        string[] layers = [.. requested.Values.Distinct(StringComparer.Ordinal)];
        var run = (onOrt ? RunOnOrt(images, layers, needOutput, Engine == ModelEngine.Ort) : null)
            ?? RunPreprocessed(Preprocessing.Apply(images), layers, needOutput, canonicalOverrides);
        run.Output?.MoveToOuterDisposeScope();
        var tapped = requested.ToDictionary(kv => kv.Key, kv => run.Taps[kv.Value], StringComparer.Ordinal);
        foreach (var t in run.Taps.Values)
        {
            t.MoveToOuterDisposeScope();
        }

        return new ModelRun(run.Output, tapped);
    }

    /// <summary>
    /// Runs the model so that the output and the taps can be differentiated with respect to <paramref name="layer"/>'s
    /// value (<c>run[layer]</c>, which requires a gradient), not with respect to the images: what gradient CAMs need.
    /// </summary>
    /// <remarks>
    /// Imported ONNX graphs compute everything before the layer without autograd (on ONNX Runtime when
    /// <see cref="Engine"/> allows it) and only the rest in libtorch; other models run whole with the images requiring a
    /// gradient. Either way run[layer]'s gradient is the same function of the same values, to rounding.
    /// </remarks>
    /// <param name="images">As for <see cref="Run"/>.</param>
    /// <param name="layer">The layer to differentiate with respect to (canonical name or alias).</param>
    /// <param name="taps">Further layers to record (the layer is recorded in any case).</param>
    public ModelRun RunDifferentiableFrom(Tensor images, string layer, IReadOnlyCollection<string> taps)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(taps);
        var canonical = ResolveLayer(layer);
        using var gradMode = enable_grad();
        using (var scope = NewDisposeScope())
        {
            if (RunAfter(images, canonical, [.. taps.Select(ResolveLayer).Append(canonical).Distinct(StringComparer.Ordinal)]) is { } split)
            {
                // Each tensor once: the layer's leaf can be the output as well as a tap, and a second move would lift
                // it out of the caller's scope.
                var moved = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                foreach (var t in split.Taps.Values.Append(split.Output).OfType<Tensor>().Where(moved.Add))
                {
                    t.MoveToOuterDisposeScope();
                }

                return new ModelRun(split.Output, taps.Append(layer).Distinct(StringComparer.Ordinal).ToDictionary(t => t, t => split.Taps[ResolveLayer(t)], StringComparer.Ordinal));
            }
        }

        return Run(images.detach().requires_grad_(true), [.. taps.Append(layer).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// The split run of <see cref="RunDifferentiableFrom"/>: the output and <paramref name="layers"/> (canonical names,
    /// <paramref name="layer"/> among them) computed from a leaf holding the layer's value; null when the model cannot.
    /// </summary>
    private protected virtual ModelRun? RunAfter(Tensor images, string layer, IReadOnlyList<string> layers) => null;

    /// <summary>Runs the network on input that is already preprocessed.</summary>
    /// <param name="input">[N,C,H,W] model input.</param>
    /// <param name="layers">Canonical layer names to record.</param>
    /// <param name="needOutput">When false, evaluation may stop after the last tap.</param>
    /// <param name="substitutions">Substitutions with canonical layer names, or null.</param>
    /// <returns>The output and the taps keyed by canonical name.</returns>
    protected abstract ModelRun RunPreprocessed(Tensor input, IReadOnlyList<string> layers, bool needOutput, RunOverrides? substitutions);

    /// <summary>Describes every layer (kind, output shape, parameters) for an input of the given size.</summary>
    public abstract IReadOnlyList<LayerInfo> DescribeLayers(int height, int width);

    /// <summary>The convolution weight [out, in/groups, kh, kw] that produces <paramref name="layer"/>, or null.</summary>
    /// <remarks>The returned tensor is a detached copy owned by the caller's dispose scope.</remarks>
    public abstract Tensor? ConvolutionWeight(string layer);

    /// <summary>The batch-normalisation scale (gamma, one per channel) applied on the way to <paramref name="layer"/>, or null.</summary>
    /// <remarks>Used for weight-based health hints: a gamma near zero silences its channel whatever the input.</remarks>
    public virtual Tensor? BatchNormScale(string layer) => null;

    /// <summary>
    /// The additive bias per channel of every convolution, batch normalisation and linear layer, keyed by the layer whose output
    /// it enters, in execution order; a batch normalisation's is its folded term beta - mean * gamma / sqrt(var + eps).
    /// </summary>
    /// <remarks>Detached copies owned by the caller's dispose scope; empty for a model without such layers.</remarks>
    internal virtual IReadOnlyList<(string Layer, Tensor Bias)> BiasTerms() => [];

    /// <summary>All parameters of the model (for freezing, randomising or moving).</summary>
    public abstract IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> NamedParameters();

    /// <summary>Maps a canonical name or an alias to the canonical layer name.</summary>
    /// <exception cref="ConvLensException">The name is unknown; the message lists aliases and a few layers.</exception>
    public string ResolveLayer(string nameOrAlias)
    {
        ArgumentNullException.ThrowIfNull(nameOrAlias);
        if (Aliases.TryGetValue(nameOrAlias, out var canonical))
        {
            return canonical;
        }

        if (LayerNames.Contains(nameOrAlias, StringComparer.Ordinal))
        {
            return nameOrAlias;
        }

        var hint = Aliases.Count > 0
            ? $"aliases: {string.Join(", ", Aliases.Keys)}; "
            : string.Empty;
        var sample = LayerNames.Count <= 12
            ? string.Join(", ", LayerNames)
            : string.Join(", ", LayerNames.Take(6)) + ", ..., " + string.Join(", ", LayerNames.TakeLast(3));
        throw new ConvLensException(
            $"unknown layer '{nameOrAlias}' in model '{Name}'; {hint}layers ({LayerNames.Count}): {sample}");
    }

    /// <summary>The friendly alias of a canonical layer name, or the name itself.</summary>
    public string DisplayName(string layer) =>
        Aliases.FirstOrDefault(kv => kv.Value == layer).Key ?? layer;

    /// <summary>Turns gradients of all parameters on or off.</summary>
    public void SetParametersRequireGrad(bool requiresGrad)
    {
        foreach (var (_, p) in NamedParameters())
        {
            p.requires_grad = requiresGrad;
        }
    }

    /// <summary>Releases the weights.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            Dispose(true);
            _disposed = true;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the weights held by the concrete model.</summary>
    protected abstract void Dispose(bool disposing);
}
