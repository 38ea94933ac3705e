using ConvLens.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Probing;

/// <summary>
/// Records (and, for ablation or guided backpropagation, substitutes) the outputs of named submodules of a TorchSharp
/// module during one forward pass. Hooks live in Probing/ only: the probe's last one run and go when it is disposed,
/// with the tensors it captured; <see cref="ChannelsLastPoolingHooks"/> are the permanent ones.
/// </summary>
/// <remarks>
/// Modules that open a dispose scope in <c>forward</c> (TorchVision's) dispose intermediates on return, so the
/// hook keeps an alias detached from that scope; it stays in the autograd graph, and the probe owns it until
/// <see cref="TakeCaptures"/> hands it to the caller's scope or <see cref="Dispose"/> frees it.
/// </remarks>
public sealed class Probe : IDisposable
{
    private readonly List<IDisposable> _hooks = [];
    private readonly Dictionary<string, Tensor> _captured = new(StringComparer.Ordinal);

    /// <summary>Hooks the submodules at the given dotted paths of <paramref name="root"/>.</summary>
    /// <exception cref="ConvLensException">A path is unknown or its module does not map a tensor to a tensor.</exception>
    public Probe(nn.Module root, IEnumerable<string> paths)
        : this(root, paths, null, null)
    {
    }

    /// <summary>
    /// Hooks the submodules at <paramref name="paths"/>, replaces the outputs of the modules in
    /// <paramref name="replace"/>, passes the output of every <c>ReLU</c> module through <paramref name="relu"/> and every
    /// linear layer (<see cref="ModuleLinearLayers"/>) through <paramref name="linear"/> (before any replacement of its output).
    /// </summary>
    /// <exception cref="ConvLensException">A path is unknown or its module does not map a tensor to a tensor.</exception>
    public Probe(nn.Module root, IEnumerable<string> paths, IReadOnlyDictionary<string, Func<Tensor, Tensor>>? replace, Func<Tensor, Tensor>? relu, Func<LinearLayerCall, Tensor>? linear = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(paths);
        var modules = root.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
        try
        {
            if (linear is not null)
            {
                // Registered first: hooks run in registration order, and a replacement must see the rule's output.
                foreach (var (path, module) in modules.Where(m => ModuleLinearLayers.IsLinear(m.Value)))
                {
                    var name = path;
                    var remover = ((nn.Module<Tensor, Tensor>)module).register_forward_hook((m, input, output) => linear(ModuleLinearLayers.Describe(name, m, input, output)));
                    _hooks.Add(new HookHandle(remover.remove));
                }
            }

            replace ??= new Dictionary<string, Func<Tensor, Tensor>>();
            foreach (var path in paths.Concat(replace.Keys).Distinct(StringComparer.Ordinal))
            {
                if (!modules.TryGetValue(path, out var module))
                {
                    throw new ConvLensException($"no submodule '{path}'");
                }

                if (module is not nn.Module<Tensor, Tensor> hookable)
                {
                    throw new ConvLensException($"submodule '{path}' ({module.GetType().Name}) does not map one tensor to one tensor and cannot be tapped");
                }

                var name = path;
                var tapped = paths.Contains(path, StringComparer.Ordinal);
                replace.TryGetValue(path, out var substitute);
                var remover = hookable.register_forward_hook((_, _, output) =>
                {
                    if (substitute is not null)
                    {
                        output = substitute(output);
                    }

                    if (!tapped)
                    {
                        return output;
                    }

                    if (_captured.Remove(name, out var old))
                    {
                        old.Dispose();
                    }

                    _captured[name] = output.alias().DetachFromDisposeScope();
                    return output;
                });
                _hooks.Add(new HookHandle(remover.remove));
            }

            if (relu is not null)
            {
                foreach (var (_, module) in modules)
                {
                    if (module is TorchSharp.Modules.ReLU r)
                    {
                        var remover = r.register_forward_hook((_, _, output) => relu(output));
                        _hooks.Add(new HookHandle(remover.remove));
                    }
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Number of hooks currently registered (0 after <see cref="Dispose"/>).</summary>
    public int HookCount => _hooks.Count;

    /// <summary>Number of captured tensors the probe still owns.</summary>
    public int CapturedCount => _captured.Count;

    /// <summary>Moves the captured outputs into the caller's current dispose scope and forgets them.</summary>
    public IReadOnlyDictionary<string, Tensor> TakeCaptures()
    {
        // A fresh alias is created in the caller's scope; the probe's own handle is released.
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in _captured)
        {
            result[name] = t.alias();
            t.Dispose();
        }

        _captured.Clear();
        return result;
    }

    /// <summary>Removes all hooks and frees the captured tensors.</summary>
    public void Dispose()
    {
        foreach (var h in _hooks)
        {
            h.Dispose();
        }

        _hooks.Clear();
        foreach (var t in _captured.Values)
        {
            t.Dispose();
        }

        _captured.Clear();
    }

    private sealed class HookHandle(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
