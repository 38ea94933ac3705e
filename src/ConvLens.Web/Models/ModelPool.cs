using System.Collections.Concurrent;
using ConvLens.Models;
using Microsoft.Extensions.Options;

namespace ConvLens.Web.Models;

/// <summary>
/// Loaded models, lent to one job at a time: a model holds per-run state (taps, hooks), so jobs running together each
/// get their own instance, and an instance is reused by the next job instead of being loaded again.
/// </summary>
internal sealed class ModelPool(ExplorerModels models, IOptions<ServeOptions> options) : IDisposable
{
    // Random weights (TorchVision without a weights file) come from the global generator: loads are one at a time and
    // seeded, so every instance of a model is the same model.
    private static readonly Lock s_loading = new();

    private readonly Lock _gate = new();
    private readonly LinkedList<(string Spec, LoadedModel Model)> _idle = new();
    private readonly ConcurrentDictionary<string, Lazy<ModelFacts>> _facts = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Lends an instance of model <paramref name="id"/>, loading one when none is idle.</summary>
    /// <exception cref="Http.ApiException">Unknown model.</exception>
    /// <exception cref="ConvLensException">The model file cannot be loaded.</exception>
    public ModelLease Rent(string id)
    {
        var spec = models.Spec(id);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (var node = _idle.First; node is not null; node = node.Next)
            {
                if (node.Value.Spec == spec)
                {
                    _idle.Remove(node);
                    return new ModelLease(this, spec, node.Value.Model);
                }
            }
        }

        lock (s_loading)
        {
            TorchSharp.torch.random.manual_seed(0);
            return new ModelLease(this, spec, ModelCatalog.Load(spec));
        }
    }

    /// <summary>The facts of model <paramref name="id"/>, read once from an instance.</summary>
    public ModelFacts Facts(string id)
    {
        var spec = models.Spec(id);
        var lazy = _facts.GetOrAdd(spec, _ => new Lazy<ModelFacts>(() =>
        {
            using var lease = Rent(id);
            return ModelFacts.Of(id, lease.Model);
        }));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed load is not cached: the file may be fixed and asked for again.
            _facts.TryRemove(spec, out _);
            throw;
        }
    }

    /// <summary>Whether the facts of model <paramref name="id"/> are read and kept (by a request or the start-up warm-up).</summary>
    public bool HasFacts(string id) =>
        _facts.TryGetValue(models.Spec(id), out var lazy) && lazy.IsValueCreated;

    /// <summary>Takes an instance back; the least recently used idle instances beyond the pool size are released.</summary>
    public void Return(string spec, LoadedModel model)
    {
        List<LoadedModel> release = [];
        lock (_gate)
        {
            if (_disposed)
            {
                release.Add(model);
            }
            else
            {
                _idle.AddFirst((spec, model));
                while (_idle.Count > options.Value.Concurrency + 1)
                {
                    release.Add(_idle.Last!.Value.Model);
                    _idle.RemoveLast();
                }
            }
        }

        release.ForEach(m => m.Dispose());
    }

    public void Dispose()
    {
        List<LoadedModel> release;
        lock (_gate)
        {
            _disposed = true;
            release = [.. _idle.Select(i => i.Model)];
            _idle.Clear();
        }

        release.ForEach(m => m.Dispose());
    }
}
