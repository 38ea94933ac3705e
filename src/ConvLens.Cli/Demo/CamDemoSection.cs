using System.Globalization;
using ConvLens.Imaging;
using ConvLens.Reports;
using ConvLens.Visualize.Attribution;

namespace ConvLens.Cli.Demo;

/// <summary>Why the built-in model sees what it sees: CAMs for similarity to another photo and for one stage-4 channel.</summary>
internal sealed class CamDemoSection : IDemoSection
{
    private const string GridFile = "cam-comparison.png";

    public string Id => "cam";

    public ReportSection Run(DemoContext context)
    {
        var files = DemoContext.SampleImages.Take(3).ToList();
        var photos = files.Take(2).Select(ImageDecoder.Load).ToList();
        var names = files.Take(2).Select(f => Path.GetFileNameWithoutExtension(f)).ToList();
        var options = new CamJobOptions
        {
            Methods = ["grad-cam", "grad-cam++", "layer-cam"],
            Targets = [$"similar:{files[^1]}", "channel:stage4:7"],
            Layer = "stage4",
            Metrics = true,
            Seed = context.Seed,
        };
        var steps = photos.Count * options.Methods.Count;
        var items = CamJob.Run(context.Model, photos, options, context.Progress.For<int>(done => ((double)done / steps, $"cam {done}/{steps}")), context.Cancellation);
        context.Output.WritePng(GridFile, CamJob.Grid(photos, items, names));
        var gradCam = items.Where(i => i.Method == "grad-cam" && i.Metrics is not null).ToList();
        return new ReportSection
        {
            Title = "Attribution: where the evidence is",
            Paragraphs =
            [
                $"Grad-CAM, Grad-CAM++ and LayerCAM at stage 4 for two targets: the cosine similarity of each photo's embedding to {Path.GetFileName(files[^1])}'s, and the mean of stage-4 channel 7. The built-in featurizer has no classifier, so similarity and channel targets are what make CAMs useful on it.",
                "Deletion AUC (lower is better) removes the most highlighted pixels first; the random-order baseline removes them in a random order.",
            ],
            Facts =
            [
                .. gradCam.Select(i => new KeyValuePair<string, string>(
                    $"{names[i.Image]} · grad-cam · {i.Target}",
                    string.Create(CultureInfo.InvariantCulture, $"deletion AUC {i.Metrics!.DeletionAuc:F3} (random {i.Metrics.RandomDeletionAuc:F3})"))),
            ],
            Figures = [new(context.Link(GridFile), "Each row: the photo, then every method × target overlay (viridis, alpha 0.5).")],
        };
    }
}
