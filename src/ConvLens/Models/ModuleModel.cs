using ConvLens.Probing;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Models;

/// <summary>A TorchSharp module (TorchVision architecture or hand-built) as a <see cref="LoadedModel"/>.</summary>
/// <remarks>Layers are addressed by dotted module path (<c>layer4.1.conv2</c>); taps use forward hooks.</remarks>
public class ModuleModel : LoadedModel
{
    private readonly nn.Module<Tensor, Tensor> _module;
    private readonly string[] _layerNames;
    private readonly Dictionary<string, nn.Module> _modules;

    /// <summary>Wraps <paramref name="module"/>; the model takes ownership, switches it to eval and freezes it.</summary>
    public ModuleModel(string name, nn.Module<Tensor, Tensor> module, Preprocessing preprocessing, IReadOnlyDictionary<string, string>? aliases = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        Name = name;
        _module = module;
        Preprocessing = preprocessing;
        _module.eval();
        _modules = module.named_modules().Where(m => m.name.Length > 0).ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
        _layerNames = [.. PreOrder(module, string.Empty)];
        Aliases = aliases ?? new Dictionary<string, string>();
        SetParametersRequireGrad(false);
        ChannelsLastPoolingHooks.Install(module);
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override Preprocessing Preprocessing { get; }

    /// <inheritdoc/>
    public override Device Device => _module.parameters().FirstOrDefault()?.device ?? CPU;

    /// <inheritdoc/>
    public override IReadOnlyList<string> LayerNames => _layerNames;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, string> Aliases { get; }

    /// <summary>The wrapped module.</summary>
    public nn.Module<Tensor, Tensor> Module => _module;

    /// <inheritdoc/>
    protected override ModelRun RunPreprocessed(Tensor input, IReadOnlyList<string> layers, bool needOutput, RunOverrides? substitutions)
    {
        using var probe = new Probe(_module, layers, substitutions?.LayerOutputs, substitutions?.Relu, substitutions?.LinearLayers);
        var output = _module.call(input);
        return new ModelRun(output, probe.TakeCaptures());
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Stride is the input size over the output size. The receptive field follows the leaf convolutions and
    /// pools in module order; branches named <c>downsample</c> or <c>shortcut</c> are treated as the parallel
    /// residual paths they are in TorchVision, so they do not add to it.
    /// </remarks>
    public override IReadOnlyList<LayerInfo> DescribeLayers(int height, int width)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var hookable = _layerNames.Where(n => _modules[n] is nn.Module<Tensor, Tensor>).ToArray();
        var run = Run(zeros(1, 3, height, width, device: Device), hookable);
        var field = new ReceptiveFieldWalk();
        var result = new List<LayerInfo>(_layerNames.Length);
        foreach (var n in _layerNames)
        {
            var shape = run.Taps.TryGetValue(n, out var t) ? t.shape : [];
            var rf = field.Visit(n, _modules[n]);
            int? stride = shape.Length == 4 && shape[3] > 0 ? (int)Math.Round((double)width / shape[3]) : null;
            result.Add(new LayerInfo(
                n,
                Aliases.FirstOrDefault(kv => kv.Value == n).Key,
                _modules[n].GetType().Name,
                shape,
                _modules[n].named_parameters(recurse: false).Sum(p => p.parameter.numel()),
                shape.Length == 4 ? rf : null,
                stride));
        }

        // A container's field is the one after its last descendant, not the one before its first.
        for (var i = 0; i < result.Count; i++)
        {
            var prefix = result[i].Name + ".";
            var last = result.FindLastIndex(l => l.Name.StartsWith(prefix, StringComparison.Ordinal));
            if (last > i && result[i].ReceptiveField is not null)
            {
                result[i] = result[i] with { ReceptiveField = result[last].ReceptiveField };
            }
        }

        return result;
    }

    private static IEnumerable<string> PreOrder(nn.Module module, string prefix)
    {
        foreach (var (name, child) in module.named_children())
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            yield return path;
            foreach (var sub in PreOrder(child, path))
            {
                yield return sub;
            }
        }
    }

    /// <inheritdoc/>
    public override Tensor? ConvolutionWeight(string layer)
    {
        var name = ResolveLayer(layer);
        return _modules[name] switch
        {
            TorchSharp.Modules.Conv2d conv => conv.weight!.detach().clone(),
            _ => null,
        };
    }

    /// <inheritdoc/>
    public override Tensor? BatchNormScale(string layer) =>
        _modules[ResolveLayer(layer)] is TorchSharp.Modules.BatchNorm2d bn ? bn.weight?.detach().clone() : null;

    /// <inheritdoc/>
    internal override IReadOnlyList<(string Layer, Tensor Bias)> BiasTerms()
    {
        var terms = new List<(string, Tensor)>();
        foreach (var name in _layerNames)
        {
            switch (_modules[name])
            {
                case TorchSharp.Modules.Conv2d { bias: { } b }:
                    terms.Add((name, b.detach().clone()));
                    break;
                case TorchSharp.Modules.Linear { bias: { } b }:
                    terms.Add((name, b.detach().clone()));
                    break;
                case TorchSharp.Modules.BatchNorm2d { running_mean: { } mean, running_var: { } variance } bn:
                    var scale = bn.weight?.detach() ?? ones_like(mean);
                    var shift = bn.bias?.detach() ?? zeros_like(mean);
                    terms.Add((name, shift - (mean * scale / (variance + bn.eps).sqrt())));
                    break;
            }
        }

        return terms;
    }

    /// <inheritdoc/>
    public override IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> NamedParameters() =>
        _module.named_parameters().Select(p => (p.name, p.parameter));

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _module.Dispose();
        }
    }
}
