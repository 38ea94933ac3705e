using System.Text.Json.Nodes;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.FeatureMaps;
using ConvLens.Web.Images;
using ConvLens.Web.Models;

namespace ConvLens.Web.Jobs.Kinds;

/// <summary>Feature maps of one image at one or more layers: a grid, a tile per channel (to enlarge), the mean overlay.</summary>
internal sealed class MapsJob : JobKind<MapsOptions>
{
    public override string Id => "maps";

    public override string Description => "Feature maps of an image at one or more layers.";

    public override JobInputs Inputs => JobInputs.Image;

    protected override void Check(MapsOptions options, ModelFacts model, ImageStore images)
    {
        if (options.Layers.Length == 0)
        {
            throw new ConvLensException("give at least one layer in 'layers'");
        }

        Array.ForEach(options.Layers, model.CheckLayer);
        _ = Selection(options);
        _ = Colormaps.Get(options.Colormap);
        OneOf("norm", options.Norm, "channel", "layer");
        Range("tile", options.Tile, 8, 512);
    }

    protected override object Run(JobContext context, MapsOptions options)
    {
        var photo = context.RequiredPhoto;
        var colormap = Colormaps.Get(options.Colormap);
        var norm = options.Norm == "layer" ? FeatureMapNorm.Layer : FeatureMapNorm.Channel;
        var fit = InputFit.For(context.Model.Preprocessing, photo.Height, photo.Width);
        context.Token.ThrowIfCancellationRequested();
        var results = FeatureMaps.Compute(context.Model, photo, options.Layers, Selection(options));
        var files = context.Files;
        var layers = new List<object>();
        for (var i = 0; i < results.Count; i++)
        {
            context.Token.ThrowIfCancellationRequested();
            var r = results[i];
            var name = JobFolder.Safe(r.DisplayName);
            layers.Add(new
            {
                r.Layer, r.DisplayName, r.ChannelCount, r.Height, r.Width, r.LayerMin, r.LayerMax,
                grid = files.WritePng($"{name}-maps.png", FeatureMapsRenderer.Grid(r, norm, colormap, options.Tile)),
                overlay = files.WritePng($"{name}-mean-overlay.png", FeatureMapsRenderer.MeanOverlay(photo, fit, r, colormap)),
                tiles = r.Channels.Select(c => new
                {
                    c.Channel, c.Mean, c.Max, c.FractionActive,
                    file = files.WritePng($"{name}-c{c.Channel}.png", FeatureMapsRenderer.Tile(r, c, norm, colormap)),
                }).ToList(),
            });
            context.Report.Progress(JobProgress.Counted(i + 1, results.Count, context.Report.Elapsed, $"layer {i + 1}/{results.Count}"));
        }

        var json = FeatureMapsRenderer.Json(context.Model.Name, context.Image?.Name ?? "image", results);
        files.WriteText("maps.json", json);
        return new { model = context.Model.Name, image = context.Image?.Id, layers, summary = JsonNode.Parse(json) };
    }

    private static ChannelSelection Selection(MapsOptions options) =>
        options.Top is { } k ? ChannelSelection.TopK(k)
        : options.Channels is { } range ? ChannelSelection.ParseRange(range)
        : ChannelSelection.All;
}
