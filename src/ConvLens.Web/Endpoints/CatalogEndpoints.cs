using ConvLens.Web.Data;

namespace ConvLens.Web.Endpoints;

/// <summary>
/// <c>GET /api/catalog</c>: the page's choices, straight from the registries (job kinds and their options, attribution
/// methods and their capabilities, colormaps, limits); and <c>GET /api/datasets</c>.
/// </summary>
internal static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/catalog", (CatalogDocument catalog) => Results.Bytes(catalog.Json, "application/json; charset=utf-8"));
        app.MapGet("/api/datasets", (ExplorerData data) => Results.Json(data.List().Select(d => new { id = d })));
        return app;
    }
}
