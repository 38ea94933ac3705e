using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Metrics;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution;

/// <summary>
/// Explains photos with several methods and targets and renders overlays on the original photos and a comparison
/// grid: the whole of <c>convlens cam</c> except reading and writing files.
/// </summary>
public static class CamJob
{
    /// <summary>Validates everything that can be checked before the expensive work (methods, colormap, layer).</summary>
    /// <exception cref="ConvLensException">Unknown method, colormap or layer.</exception>
    public static IReadOnlyList<IAttributionMethod> Methods(CamJobOptions options, LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        var methods = options.Methods.Select(id => Configure(AttributionMethods.Create(id), options.MaskUpsample)).ToList();
        _ = Colormaps.Get(options.Colormap);
        _ = options.MetricIds.Select(AttributionMetrics.Create).ToList();
        if (options.Layer is not null)
        {
            model.ResolveLayer(options.Layer);
        }

        return methods;
    }

    /// <summary>The method with the job's method options applied (Score-CAM's mask convention).</summary>
    internal static IAttributionMethod Configure(IAttributionMethod method, MaskUpsample upsample) =>
        method is ScoreCam && upsample != MaskUpsample.Centers ? new ScoreCam(upsample) : method;

    /// <summary>Runs the job.</summary>
    /// <param name="model">The model.</param>
    /// <param name="photos">The user's photos at their own size.</param>
    /// <param name="options">Methods, targets, layer, metrics, colormap.</param>
    /// <param name="progress">Receives the number of finished image × method steps.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <exception cref="ConvLensException">Bad method, target, layer or colormap.</exception>
    public static IReadOnlyList<CamJobItem> Run(LoadedModel model, IReadOnlyList<RgbImage> photos, CamJobOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(photos);
        ArgumentNullException.ThrowIfNull(options);
        var methods = Methods(options, model);
        var colormap = Colormaps.Get(options.Colormap);
        var metricList = options.MetricIds.Select(AttributionMetrics.Create).ToList();
        using var scope = NewDisposeScope();
        var targets = options.Targets.Select(t => TargetSpec.Parse(t, model, path => ModelInput.FromPhoto(ImageDecoder.Load(path), model.Preprocessing, model.Device).Input)).ToArray();
        // What each target is on this model: "auto" on a detector is the top detection, whose box is outlined too.
        var resolved = targets.Select(t => t.Resolve(model)).ToArray();
        var items = new List<CamJobItem>();
        var done = 0;
        for (var i = 0; i < photos.Count; i++)
        {
            using var step = NewDisposeScope();
            var (input, fit) = ModelInput.FromPhoto(photos[i], model.Preprocessing, model.Device);
            // Metrics score perturbed copies: "top class" must stay this image's top class on all of them.
            var scored = options.Metrics || metricList.Count > 0 ? TopClass.Pinned(model, input, targets) : targets;
            foreach (var method in methods)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var request = new AttributionRequest { Layer = options.Layer, Layout = options.Layout, Targets = targets, Seed = options.Seed, CancellationToken = cancellationToken };
                var result = method.Explain(model, input, request);
                var seconds = clock.Elapsed.TotalSeconds;
                for (var t = 0; t < targets.Length; t++)
                {
                    var map = result[0, t];
                    var metrics = options.Metrics
                        ? DeletionInsertion.Evaluate(model, input, [map], scored[t], new DeletionInsertionOptions { Steps = 16, Seed = options.Seed, BatchSize = 17 })[0]
                        : null;
                    var onPhoto = new Heatmap(photos[i].Width, photos[i].Height, fit.MapToPhoto(map.Values, map.Height, map.Width));
                    var overlay = HeatmapRenderer.Overlay(photos[i], onPhoto, colormap, options.Alpha, options.Overlay);
                    if (resolved[t] is IBoxTarget boxes)
                    {
                        overlay = BoxDrawing.Draw(overlay, BoxesOnPhoto(model, input, resolved[t], boxes, fit));
                    }

                    var (scores, notes) = Grade(model, input, map, method, request, scored[t], i, metricList, options);
                    items.Add(new CamJobItem(i, method.Id, map.Target, map, overlay, new Heatmap(map.Width, map.Height, map.Raw), metrics, seconds, onPhoto.Normalized())
                    {
                        Scores = scores,
                        MetricNotes = notes,
                        Layer = result.Layer,
                    });
                }

                progress?.Report(++done);
            }
        }

        return items;
    }

    /// <summary>Grades one map with every requested metric; max-sensitivity re-explains through the same method and target.</summary>
    private static (IReadOnlyList<MetricScore> Scores, IReadOnlyList<string> Notes) Grade(
        LoadedModel model, Tensor input, AttributionMap map, IAttributionMethod method, AttributionRequest request, ITarget target, int image, IReadOnlyList<IAttributionMetric> metrics, CamJobOptions options)
    {
        var single = request with { Targets = [target] };
        var metricInput = new MetricInput
        {
            Model = model,
            Image = input,
            Map = map,
            Target = target.Resolve(model),
            Region = options.Regions?.Invoke(image, target),
            Explain = x => [.. method.Explain(model, x, single).Maps.Select(m => m.Values)],
            Seed = options.Seed,
        };
        return MetricsOnImage.Evaluate(metrics, metricInput);
    }

    /// <summary>The boxes a detection target scores on one image, in photo pixels.</summary>
    private static IEnumerable<(double X1, double Y1, double X2, double Y2)> BoxesOnPhoto(LoadedModel model, Tensor input, ITarget target, IBoxTarget boxes, InputFit fit)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var run = model.Run(input, target.Layers);
        return [.. boxes.SelectedBoxes(run, 0).Select(b =>
        {
            // Box corners are pixel edges; ToPhoto maps pixel centres.
            var (x1, y1) = fit.ToPhoto(b[0] - 0.5, b[1] - 0.5);
            var (x2, y2) = fit.ToPhoto(b[2] - 0.5, b[3] - 0.5);
            return (x1, y1, x2, y2);
        })];
    }

    /// <summary>A grid: one row per photo, the photo then every method × target overlay, captioned.</summary>
    public static RgbImage Grid(IReadOnlyList<RgbImage> photos, IReadOnlyList<CamJobItem> items, IReadOnlyList<string> photoNames)
    {
        ArgumentNullException.ThrowIfNull(photos);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(photoNames);
        var tiles = new List<RgbImage>();
        var captions = new List<string>();
        var perPhoto = items.Count / Math.Max(1, photos.Count);
        for (var i = 0; i < photos.Count; i++)
        {
            tiles.Add(photos[i]);
            captions.Add(photoNames[i]);
            foreach (var item in items.Where(x => x.Image == i))
            {
                tiles.Add(item.Overlay);
                captions.Add($"{item.Method} · {item.Target}");
            }
        }

        return Mosaic.Compose(tiles, new MosaicOptions { Columns = perPhoto + 1, Captions = captions, TileSize = 192 });
    }
}
