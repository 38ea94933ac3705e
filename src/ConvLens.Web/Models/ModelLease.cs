using ConvLens.Models;

namespace ConvLens.Web.Models;

/// <summary>A model instance one job uses alone until the lease is disposed, which hands it back to the pool.</summary>
internal sealed class ModelLease(ModelPool pool, string spec, LoadedModel model) : IDisposable
{
    private bool _returned;

    /// <summary>The model, for this job only.</summary>
    public LoadedModel Model { get; } = model;

    public void Dispose()
    {
        if (!_returned)
        {
            _returned = true;
            pool.Return(spec, Model);
        }
    }
}
