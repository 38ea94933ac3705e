using ConvLens.Cli.Console;
using ConvLens.Cli.Settings;
using ConvLens.Visualize.Statistics;
using ConvLens.Visualize.Statistics.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens stats merge PART...</c>: combines shard results into the result of one run.</summary>
public sealed class StatsMergeCommand(IAnsiConsole console) : Command<StatsMergeSettings>
{
    public override int Execute(CommandContext context, StatsMergeSettings settings, CancellationToken cancellationToken)
    {
        var options = new DeadFilterOptions { RarePercent = settings.Rare };
        var parts = settings.Parts.Select(path => File.Exists(path)
            ? StatisticsJson.Deserialize(File.ReadAllText(path), path, options)
            : throw new ConvLensException($"statistics part '{path}' not found")).ToArray();
        var merged = DatasetStatisticsResult.Merge(parts, options);
        StatsOutput.Write(console, settings.OutputFolder("stats"), merged, settings.Rare);
        return 0;
    }
}
