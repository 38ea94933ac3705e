using ConvLens.Imaging;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Targets;
using ConvLens.Web.Http;
using ConvLens.Web.Jobs.Kinds;
using Microsoft.Extensions.Options;

namespace ConvLens.Web.Endpoints;

/// <summary>
/// The body of <c>GET /api/catalog</c>: the page's choices, straight from the registries (job kinds and their options,
/// attribution methods and their capabilities, colormaps, limits). It cannot change while the server runs, so it is
/// serialized once; the start-up warm-up does that before the page asks.
/// </summary>
internal sealed class CatalogDocument(IOptions<ServeOptions> options)
{
    private readonly Lazy<byte[]> _json = new(() => Serialize(options.Value));

    /// <summary>The catalog as UTF-8 JSON.</summary>
    public byte[] Json => _json.Value;

    private static byte[] Serialize(ServeOptions options) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new
    {
        jobKinds = JobKinds.All.Select(k => new { k.Id, k.Description, inputs = k.Inputs.ToString().ToLowerInvariant(), options = ExplorerJson.PropertyNames(k.OptionsType) }),
        attributionMethods = AttributionMethods.CreateAll().Select(m => new { m.Id, m.DisplayName, m.UsesGradients, m.RequiresLayer }),
        colormaps = Colormaps.Ids,
        targets = TargetSpec.Syntax.Replace("similar:IMAGE", "similar:IMAGE-ID", StringComparison.Ordinal),
        limits = new
        {
            options.MaxUploadBytes, options.MaxUploadPixels, options.UploadsPerMinute,
            options.Concurrency, options.QueueCapacity, resultRetentionSeconds = options.ResultRetention.TotalSeconds,
        },
    }, ExplorerJson.Options);
}
