using System.Globalization;
using ConvLens.Cli.Commands;
using ConvLens.Cli.Console;
using ConvLens.Imaging;
using ConvLens.Reports;
using ConvLens.Visualize.Atlas;
using ConvLens.Visualize.Statistics;

namespace ConvLens.Cli.Demo;

/// <summary>A small atlas: stage-3 units 0-7 of the built-in model over crops and flips of the samples.</summary>
internal sealed class AtlasDemoSection : IDemoSection
{
    private const string Layer = "stage3";
    private const string SiteFolder = "site";
    private const string OverviewFile = "atlas-overview.png";

    public string Id => "atlas";

    public ReportSection Run(DemoContext context)
    {
        var dataset = WriteDataset(Path.Combine(context.Output.Path, "dataset"));
        var options = new AtlasOptions { Units = [.. Enumerable.Range(0, 8)], Top = 4, MaximizeSteps = 128, MaximizeBatch = 8, Seed = context.Seed };
        var (statistics, atlas) = AtlasBuilder.Run(
            context.Model, DatasetSource.FromPath(dataset), [Layer], new DatasetStatisticsOptions { BatchSize = 8 }, options, null,
            context.Progress.For<AtlasProgress>(AtlasCommand.Report),
            context.Cancellation);
        AtlasOutput.WriteSite(Path.Combine(context.Output.Path, SiteFolder), atlas, statistics, context.Cancellation);

        // The page shows each unit's dream beside the dataset crop that excites it most; the site has the rest.
        var units = atlas.Layers.Single().Units;
        // A unit that never fires has no exemplar: a blank tile stands in.
        var tiles = units.SelectMany(u => new[] { u.Maximized!, u.Top.Count > 0 ? u.Top[0].Crop : new RgbImage(u.Maximized!.Width, u.Maximized.Height) }).ToList();
        var captions = units.SelectMany(u => new[]
        {
            $"unit {u.Channel}",
            u.Top.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"best {u.Top[0].Exemplar.Score:F2}") : "never active",
        }).ToList();
        context.Output.WritePng(OverviewFile, Mosaic.Compose(tiles, new MosaicOptions { Columns = 4, TileSize = 128, Captions = captions }));
        return new ReportSection
        {
            Title = "Atlas: what each unit responds to",
            Paragraphs =
            [
                $"convlens atlas on units 0-7 of {Layer}, over {atlas.ImagesProcessed} crops and mirror images of the sample photos: for each unit, the image it is optimised to love and the dataset crop (its receptive field around the peak) that excites it most.",
                $"Open {context.Link(SiteFolder)}/index.html for the whole site: a page per unit with the top and bottom {options.Top} exemplars, the activation histogram, the statistics verdict and the kernel (docs/atlas.md).",
            ],
            Facts =
            [
                .. units.Select(u => new KeyValuePair<string, string>($"{Layer} unit {u.Channel}", u.Verdict)),
            ],
            Figures = [new(context.Link(OverviewFile), $"Pairs per unit: the maximized image ({options.MaximizeSteps} steps), then its best exemplar crop with its activation score.")],
        };
    }

    /// <summary>Each sample, its centre and four corner crops (two thirds of a side), and their mirror images.</summary>
    private static string WriteDataset(string folder)
    {
        var output = new OutputFolder(folder);
        foreach (var file in DemoContext.SampleImages)
        {
            var photo = ImageDecoder.Load(file);
            var (w, h) = (photo.Width * 2 / 3, photo.Height * 2 / 3);
            var views = new (string Name, RgbImage Image)[]
            {
                ("full", photo),
                ("centre", photo.Cropped((photo.Width - w) / 2, (photo.Height - h) / 2, w, h)),
                ("top-left", photo.Cropped(0, 0, w, h)),
                ("top-right", photo.Cropped(photo.Width - w, 0, w, h)),
                ("bottom-left", photo.Cropped(0, photo.Height - h, w, h)),
                ("bottom-right", photo.Cropped(photo.Width - w, photo.Height - h, w, h)),
            };
            var stem = Path.GetFileNameWithoutExtension(file);
            foreach (var (name, image) in views)
            {
                output.WritePng($"{stem}-{name}.png", image);
                output.WritePng($"{stem}-{name}-mirrored.png", image.Mirrored());
            }
        }

        return folder;
    }
}
