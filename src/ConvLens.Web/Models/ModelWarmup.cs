using ConvLens.Models;
using ConvLens.Web.Http;
using Microsoft.Extensions.Options;

namespace ConvLens.Web.Models;

/// <summary>
/// Loads the built-in model and reads its layer table once the server has started, so the page's first request for
/// layers (and the first job) does not pay the model load (1.5 s right after start, against 2-35 ms for every other
/// request).
/// </summary>
internal sealed class ModelWarmup(ModelPool pool, IOptions<ServeOptions> options, ILogger<ModelWarmup> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmUp)
        {
            return Task.CompletedTask;
        }

        // Off the start-up path: the server answers while the model loads; a request that needs it meanwhile waits on
        // the same lazy facts instead of loading a second copy.
        return Task.Run(() =>
        {
            try
            {
                pool.Facts(ModelCatalog.DefaultModel);
            }
            catch (ObjectDisposedException) when (stoppingToken.IsCancellationRequested)
            {
                // The server stopped while loading: nothing to warm any more.
            }
            catch (ConvLensException e)
            {
                Log.WarmupFailed(logger, e, ModelCatalog.DefaultModel);
            }
        }, CancellationToken.None);
    }
}
