using System.Text.Json;

namespace ConvLens.Web.Jobs;

/// <summary>The body of <c>POST /api/jobs</c>.</summary>
internal sealed record JobRequest
{
    /// <summary>maps, filters, cam, maximize, dream or stats (<c>GET /api/catalog</c> lists them).</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>A model id from <c>GET /api/models</c>; the built-in model when omitted.</summary>
    public string Model { get; init; } = ConvLens.Models.ModelCatalog.DefaultModel;

    /// <summary>An image id (maps, cam, dream).</summary>
    public string? Image { get; init; }

    /// <summary>A folder or list file inside the data folder (stats).</summary>
    public string? Dataset { get; init; }

    /// <summary>The kind's options, named as the CLI's (camelCase): <c>{"method":"grad-cam","layer":"stage4"}</c>.</summary>
    public JsonElement? Options { get; init; }
}
