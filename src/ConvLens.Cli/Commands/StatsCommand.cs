using System.Globalization;
using ConvLens.Cli.Console;
using ConvLens.Cli.Settings;
using ConvLens.Visualize.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens stats MODEL DATASET --layer L</c>: per-channel activation statistics and dead filters over a dataset.</summary>
public sealed class StatsCommand(IAnsiConsole console) : Command<StatsSettings>
{
    public override int Execute(CommandContext context, StatsSettings settings, CancellationToken cancellationToken)
    {
        var options = new DatasetStatisticsOptions
        {
            BatchSize = settings.Batch,
            Layout = settings.TokenLayout,
            Shard = settings.Shard,
            Histogram = settings.Histogram,
            Bins = settings.Bins,
            Exemplars = settings.Exemplars,
            DeadFilters = new DeadFilterOptions { RarePercent = settings.Rare },
        };
        var dataset = DatasetSource.FromPath(settings.Dataset);
        // Seeded first, so models with random weights (torchvision:NAME without weights) are the same in every run and shard.
        TorchSharp.torch.random.manual_seed(settings.Seed);
        using var model = settings.LoadModel();
        var result = SpectreProgress.Run(console, "statistics", bar => DatasetStatistics.Run(
            model,
            dataset,
            settings.Layers,
            options,
            bar.For<DatasetProgress>(p => (p.ImagesTotal == 0 ? 1 : (double)p.ImagesDone / p.ImagesTotal,
                string.Create(CultureInfo.InvariantCulture, $"{p.ImagesDone}/{p.ImagesTotal} images, {p.ImagesPerSecond:F1} img/s, {p.Skipped} skipped"))),
            cancellationToken));
        StatsOutput.Write(console, settings.OutputFolder("stats"), result, settings.Rare, settings.Npy);
        return 0;
    }
}
