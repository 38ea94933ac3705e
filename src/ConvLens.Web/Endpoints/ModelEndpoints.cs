using ConvLens.Web.Http;
using ConvLens.Web.Models;

namespace ConvLens.Web.Endpoints;

/// <summary><c>GET /api/models</c> and <c>GET /api/models/{id}/layers</c> (the inspect table).</summary>
internal static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModels(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/models", (ExplorerModels models) => Results.Json(models.List(), ExplorerJson.Options));

        // Ids with '/' (a sub-folder of --models) come percent-encoded: Kestrel leaves %2F in the route value.
        app.MapGet("/api/models/{id}/layers", (string id, ModelPool pool) =>
        {
            var facts = pool.Facts(Uri.UnescapeDataString(id));
            return Results.Json(new
            {
                id = facts.Id, model = facts.Name, input = new[] { 3, facts.InputHeight, facts.InputWidth },
                preprocessing = facts.Input, aliases = facts.Aliases, hasLabels = facts.HasLabels, layers = facts.Layers,
            }, ExplorerJson.Options);
        });
        return app;
    }
}
