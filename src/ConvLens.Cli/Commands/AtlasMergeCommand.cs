using ConvLens.Cli.Console;
using ConvLens.Cli.Settings;
using ConvLens.Models;
using ConvLens.Visualize.Atlas;
using ConvLens.Visualize.Statistics;
using ConvLens.Visualize.Statistics.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens atlas merge PART...</c>: joins the shards of an atlas run and writes the site (identical to an unsharded run).</summary>
public sealed class AtlasMergeCommand(IAnsiConsole console) : Command<AtlasMergeSettings>
{
    public override int Execute(CommandContext context, AtlasMergeSettings settings, CancellationToken cancellationToken)
    {
        var first = AtlasPart.ReadSame(settings.Parts);
        var statistics = DatasetStatisticsResult.Merge(settings.Parts.Select(folder => StatisticsJson.Deserialize(File.ReadAllText(Path.Combine(folder, "stats.json")), folder)));
        TorchSharp.torch.random.manual_seed(first.Seed);
        using var model = ModelCatalog.Load(first.Model, ModelCatalog.ParseDevice(first.Device));
        model.Engine = first.Engine;
        var options = new AtlasOptions
        {
            Units = AtlasSettings.ParseUnits(first.Units), Top = first.Top, MaximizeSteps = first.Steps, MaximizeSize = first.ImageSize, Seed = first.Seed, BatchSize = first.Batch,
        };
        var folder = settings.OutputFolder("atlas");
        var cache = AtlasOutput.CacheFor(folder);
        var atlas = SpectreProgress.Run(console, "atlas", bar => AtlasBuilder.Build(model, statistics, options, cache, bar.For<AtlasProgress>(AtlasCommand.Report), cancellationToken));
        AtlasOutput.Write(console, folder, atlas, statistics, cancellationToken);
        return 0;
    }
}
