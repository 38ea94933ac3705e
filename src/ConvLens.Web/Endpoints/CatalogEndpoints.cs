using ConvLens.Imaging;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Targets;
using ConvLens.Web.Data;
using ConvLens.Web.Http;
using ConvLens.Web.Jobs.Kinds;
using Microsoft.Extensions.Options;

namespace ConvLens.Web.Endpoints;

/// <summary>
/// <c>GET /api/catalog</c>: the page's choices, straight from the registries (job kinds and their options, attribution
/// methods and their capabilities, colormaps, limits); and <c>GET /api/datasets</c>.
/// </summary>
internal static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/catalog", (IOptions<ServeOptions> options) => Results.Json(new
        {
            jobKinds = JobKinds.All.Select(k => new { k.Id, k.Description, inputs = k.Inputs.ToString().ToLowerInvariant(), options = ExplorerJson.PropertyNames(k.OptionsType) }),
            attributionMethods = AttributionMethods.CreateAll().Select(m => new { m.Id, m.DisplayName, m.UsesGradients, m.RequiresLayer }),
            colormaps = Colormaps.Ids,
            targets = TargetSpec.Syntax.Replace("similar:IMAGE", "similar:IMAGE-ID", StringComparison.Ordinal),
            limits = new
            {
                options.Value.MaxUploadBytes, options.Value.MaxUploadPixels, options.Value.UploadsPerMinute,
                options.Value.Concurrency, options.Value.QueueCapacity, resultRetentionSeconds = options.Value.ResultRetention.TotalSeconds,
            },
        }, ExplorerJson.Options));
        app.MapGet("/api/datasets", (ExplorerData data) => Results.Json(data.List().Select(d => new { id = d })));
        return app;
    }
}
