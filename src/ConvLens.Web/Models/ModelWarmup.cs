using ConvLens.Models;
using ConvLens.Web.Endpoints;
using ConvLens.Web.Http;
using ConvLens.Web.Images;
using Microsoft.Extensions.Options;

namespace ConvLens.Web.Models;

/// <summary>
/// Loads the built-in model and reads its layer table once the server has started, so the page's first request for
/// layers (and the first job) does not pay the model load (1.5 s right after start, against 2-35 ms for every other
/// request). Alongside, it reads the samples' sizes and serializes the catalog, the page's other first answers.
/// </summary>
internal sealed class ModelWarmup(ModelPool pool, IServiceProvider services, IOptions<ServeOptions> options, ILogger<ModelWarmup> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmUp)
        {
            return Task.CompletedTask;
        }

        // Resolved here, not injected: building the image store reads the samples, which must not delay the start.
        // A failure here is only logged: the request that needs the same answer builds it again and reports the error.
        _ = Task.Run(() =>
        {
            try
            {
                _ = services.GetRequiredService<ImageStore>();
                _ = services.GetRequiredService<CatalogDocument>().Json;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConvLensException or InvalidOperationException)
            {
                Log.PageWarmupFailed(logger, e);
            }
        }, CancellationToken.None);

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
