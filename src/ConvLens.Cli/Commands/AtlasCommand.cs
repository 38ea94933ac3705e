using System.Globalization;
using ConvLens.Cli.Console;
using ConvLens.Cli.Settings;
using ConvLens.Visualize.Atlas;
using ConvLens.Visualize.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens atlas MODEL DATASET --layer L</c>: a static site with a page per unit (maximized image, exemplars, statistics, kernel).</summary>
public sealed class AtlasCommand(IAnsiConsole console) : Command<AtlasSettings>
{
    public override int Execute(CommandContext context, AtlasSettings settings, CancellationToken cancellationToken)
    {
        var shard = settings.Shard;
        var statistics = new DatasetStatisticsOptions { BatchSize = settings.Batch, Shard = shard, Exemplars = settings.Top };
        var dataset = DatasetSource.FromPath(settings.Dataset);
        TorchSharp.torch.random.manual_seed(settings.Seed);
        using var model = settings.LoadModel();
        var folder = settings.OutputFolder("atlas");
        if (shard != Shard.Whole)
        {
            // A shard does the pass over its images; `atlas merge` joins the parts and draws the site once.
            var part = SpectreProgress.Run(console, $"atlas shard {shard}", bar => DatasetStatistics.Run(model, dataset, settings.Layers, statistics, bar.For<DatasetProgress>(p => Report(new AtlasProgress("statistics", p.ImagesDone, p.ImagesTotal, p.Elapsed))), cancellationToken));
            StatsOutput.Write(console, folder, part, 1.0);
            new OutputFolder(folder).WriteJson(AtlasPart.FileName, AtlasPart.Of(settings));
            console.MarkupLine(Markup.Escape($"shard {shard} done; when every shard is, run: convlens atlas merge PART_FOLDERS... --out SITE"));
            return 0;
        }

        var cache = AtlasOutput.CacheFor(folder);
        var (measured, atlas) = SpectreProgress.Run(console, "atlas", bar => AtlasBuilder.Run(model, dataset, settings.Layers, statistics, settings.Options, cache, bar.For<AtlasProgress>(Report), cancellationToken));
        AtlasOutput.Write(console, folder, atlas, measured, cancellationToken);
        console.MarkupLine(Markup.Escape($"{cache.Hits} unit image(s) reused from {cache.Folder}"));
        return 0;
    }

    /// <summary>The bar's fraction and text for one report: the phase, its rate and what is left.</summary>
    internal static (double, string?) Report(AtlasProgress p)
    {
        var (weight, offset) = p.Phase switch { "statistics" => (0.5, 0.0), "exemplars" => (0.15, 0.5), _ => (0.35, 0.65) };
        var unit = p.Phase == "maximize" ? "units" : "images";
        var eta = p.Remaining is { } r ? $", {r:hh\\:mm\\:ss} left" : string.Empty;
        return (offset + (weight * (p.Total == 0 ? 1 : (double)p.Done / p.Total)),
            string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {Math.Floor(p.Done)}/{p.Total} {unit}, {p.ItemsPerSecond:F1} {unit}/s{eta}"));
    }
}
