using ConvLens.Imaging;
using ConvLens.Reports;
using ConvLens.Visualize;
using ConvLens.Visualize.FeatureMaps;
using ConvLens.Visualize.Filters;
using ConvLens.Visualize.Statistics;
using ConvLens.Visualize.Statistics.Output;
using static TorchSharp.torch;

namespace ConvLens.Cli.Demo;

/// <summary>Inside the built-in model: first-layer filters, feature maps at several depths, and layer health over augmented samples.</summary>
internal sealed class LayersDemoSection : IDemoSection
{
    private static readonly string[] Depths = ["conv1", "stage2", "stage4"];
    private static readonly string[] Stages = ["stage1", "stage2", "stage3", "stage4"];

    public string Id => "layers";

    public ReportSection Run(DemoContext context)
    {
        var model = context.Model;
        var figures = new List<ReportFigure>();
        var filters = FilterWeights.Compute(model, "conv1");
        context.Output.WritePng("conv1-filters.png", filters.IsRgb ? FilterRenderer.RgbSheet(filters) : FilterRenderer.GrayStripSheet(filters));
        figures.Add(new(context.Link("conv1-filters.png"), $"The {filters.OutChannels} first-layer kernels ({filters.KernelHeight}x{filters.KernelWidth}, RGB; grey is 0)."));
        context.Progress.Report(0.1);

        var sample = DemoContext.SampleImages[0];
        foreach (var r in FeatureMaps.Compute(model, ImageDecoder.Load(sample), Depths, ChannelSelection.TopK(16)))
        {
            var file = $"{r.DisplayName}-maps.png";
            context.Output.WritePng(file, FeatureMapsRenderer.Grid(r, FeatureMapNorm.Channel, Colormaps.Viridis));
            figures.Add(new(context.Link(file), $"{r.DisplayName}: the 16 most active of {r.ChannelCount} channels on {Path.GetFileName(sample)} ({r.Height}x{r.Width})."));
        }

        context.Progress.Report(0.3);
        var temp = Directory.CreateTempSubdirectory("convlens-demo-stats");
        try
        {
            WriteAugmented(temp.FullName, model.Preprocessing.Height);
            var result = DatasetStatistics.Run(model, DatasetSource.FromPath(temp.FullName), Stages, new DatasetStatisticsOptions { BatchSize = 8 },
                new Progress<DatasetProgress>(_ => { }), context.Cancellation);
            foreach (var layer in result.Layers)
            {
                var file = $"{layer.DisplayName}-fraction-active.png";
                context.Output.WriteBytes(file, StatisticsPlots.FractionActive(layer));
                figures.Add(new(context.Link(file), $"{layer.Summary()}: share of the {result.ImagesProcessed} crops and flips on which each channel fires."));
            }

            context.Output.WriteBytes("stage4-histogram.png", StatisticsPlots.Histogram(result.Layers[^1]));
            figures.Add(new(context.Link("stage4-histogram.png"), "Distribution of all stage4 activations over the crops and flips."));
            return new ReportSection
            {
                Title = "Inside the layers: filters, feature maps, dead filters",
                Paragraphs =
                [
                    "First-layer kernels are drawn as RGB with zero at mid grey; feature maps show where each channel fires on one photo, deeper layers being coarser and more abstract.",
                    $"Statistics over {result.ImagesProcessed} crops and flips of the sample photos count, per channel, the images on which it fires anywhere; a channel that never fires is dead.",
                ],
                Facts = [.. result.Layers.Select(l => new KeyValuePair<string, string>(l.DisplayName, l.Health.DeadSummary()))],
                Figures = figures,
            };
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    // Each sample photo, its mirror image and four corner crops: a small dataset made from what ships with the tool.
    private static void WriteAugmented(string folder, int size)
    {
        foreach (var path in DemoContext.SampleImages)
        {
            var side = size * 4 / 3;
            var t = ImageDecoder.Load(path).Resized(side, side);
            var stem = Path.GetFileNameWithoutExtension(path);
            var edge = side - size;
            RgbImage[] views = [t, t.Mirrored(), t.Cropped(0, 0, size, size), t.Cropped(edge, 0, size, size), t.Cropped(0, edge, size, size), t.Cropped(edge, edge, size, size)];
            for (var i = 0; i < views.Length; i++)
            {
                File.WriteAllBytes(Path.Combine(folder, $"{stem}-{i}.png"), ImageEncoder.EncodePng(views[i]));
            }
        }
    }
}
