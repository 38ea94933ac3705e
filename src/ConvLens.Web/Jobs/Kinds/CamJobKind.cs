using ConvLens.Imaging;
using ConvLens.Visualize.Attribution;
using ConvLens.Web.Http;
using ConvLens.Web.Images;
using ConvLens.Web.Models;

namespace ConvLens.Web.Jobs.Kinds;

/// <summary>
/// Why the model answered as it did: <see cref="CamJob"/> on one photo. Besides the overlays it writes a heat layer (an
/// RGBA PNG) that the page stacks over the photo, so its opacity slider blends exactly as the server's overlay does.
/// </summary>
internal sealed class CamJobKind : JobKind<CamOptions>
{
    private const string Similar = "similar:";

    public override string Id => "cam";

    public override string Description => "Grad-CAM family and gradient heatmaps on a photo, with faithfulness metrics.";

    public override JobInputs Inputs => JobInputs.Image;

    protected override void Check(CamOptions options, ModelFacts model, ImageStore images)
    {
        if (options.MethodIds.Count == 0 || options.TargetSpecs.Count == 0)
        {
            throw new ConvLensException("give at least one method in 'method' and one target in 'target'");
        }

        _ = options.MethodIds.Select(AttributionMethods.Create).ToList();
        _ = Colormaps.Get(options.Colormap);
        model.CheckLayer(options.Layer);
        OneOf("overlay", options.Overlay, "weighted", "uniform");
        Range("alpha", options.Alpha, 0, 1);
        foreach (var target in options.TargetSpecs)
        {
            if (target.StartsWith(Similar, StringComparison.OrdinalIgnoreCase))
            {
                images.Get(target[Similar.Length..]);
            }
            else if (target.StartsWith("channel:", StringComparison.OrdinalIgnoreCase) && target.LastIndexOf(':') > "channel:".Length)
            {
                model.CheckLayer(target["channel:".Length..target.LastIndexOf(':')]);
            }
        }
    }

    protected override object Run(JobContext context, CamOptions options)
    {
        var photo = context.RequiredPhoto;
        var colormap = Colormaps.Get(options.Colormap);
        var overlay = options.Overlay == "uniform" ? OverlayMode.Uniform : OverlayMode.Weighted;
        var jobOptions = new CamJobOptions
        {
            Methods = options.MethodIds, Targets = [.. options.TargetSpecs.Select(t => Resolve(t, context.Images))], Layer = options.Layer,
            Metrics = options.Metrics, Colormap = options.Colormap, Alpha = options.Alpha, Overlay = overlay, Seed = options.Seed,
        };
        var steps = options.MethodIds.Count;
        var items = CamJob.Run(
            context.Model, [photo], jobOptions,
            new SyncProgress<int>(done => context.Report.Progress(JobProgress.Counted(done, steps, context.Report.Elapsed, $"method {done}/{steps}"))),
            context.Token);

        var files = context.Files;
        var photoFile = files.WritePng("photo.png", photo);
        var results = items.Select(item =>
        {
            var stem = $"{item.Method}.{JobFolder.Safe(item.Target)}";
            var colours = HeatmapRenderer.Render(item.OnPhoto, colormap, normalize: false);
            var opacity = overlay == OverlayMode.Weighted ? item.OnPhoto : new Heatmap(item.OnPhoto.Width, item.OnPhoto.Height, [.. item.OnPhoto.Values.Select(_ => 1f)]);
            return new
            {
                item.Method, item.Target, item.Map.Score, item.Map.Warning, item.Seconds,
                overlay = files.WritePng(stem + ".png", item.Overlay),
                layer = files.Write(stem + ".layer.png", ImageEncoder.EncodePngWithAlpha(colours, opacity)),
                raw = files.Write(stem + ".raw16.png", ImageEncoder.EncodePng16(item.Raw)),
                rawMin = item.Raw.Values.Min(), rawMax = item.Raw.Values.Max(),
                metrics = item.Metrics is null ? null : new
                {
                    item.Metrics.DeletionAuc, item.Metrics.InsertionAuc, item.Metrics.RandomDeletionAuc, item.Metrics.RandomInsertionAuc,
                },
            };
        }).ToList();
        var comparison = files.WritePng("comparison.png", CamJob.Grid([photo], items, [context.Image?.Name ?? "image"]));
        var result = new
        {
            model = context.Model.Name, image = context.Image?.Id, layer = options.Layer, alpha = options.Alpha, overlayMode = options.Overlay,
            photo = photoFile, comparison, results,
        };
        files.WriteJson("cam.json", result);
        return result;
    }

    // similar:IMAGE-ID names a stored image; a path from a client is never opened.
    private static string Resolve(string target, ImageStore images) =>
        target.StartsWith(Similar, StringComparison.OrdinalIgnoreCase) ? Similar + images.Get(target[Similar.Length..]).Path : target;
}
