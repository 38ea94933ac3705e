using ConvLens.Cli.Console;
using ConvLens.Cli.Settings;
using ConvLens.Visualize.Attribution.Dataset;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens cam merge PART...</c>: joins the shards of a dataset <c>cam</c> run into what one unsharded run writes.</summary>
public sealed class CamMergeCommand(IAnsiConsole console) : Command<CamMergeSettings>
{
    public override int Execute(CommandContext context, CamMergeSettings settings, CancellationToken cancellationToken)
    {
        var arguments = CamPart.ReadSame(settings.Parts);
        var parts = settings.Parts.Select(folder => (Folder: folder, State: Path.Combine(folder, CamPart.StateFileName))).ToList();
        var merged = DatasetCamResult.Merge([.. parts.Select(p => File.Exists(p.State)
            ? DatasetCamJson.Deserialize(File.ReadAllText(p.State), p.State)
            : throw new ConvLensException($"cam part '{p.Folder}' has no {CamPart.StateFileName}; was the shard interrupted? run it again"))]);
        // Every raw map was written by the shard that explained its image; find it before anything is written.
        var maps = arguments.Npy ? merged.Rows.Select(r => CamDatasetFiles.MapNpy(r)).Select(name => (name, From: parts.Select(p => Path.Combine(p.Folder, name)).FirstOrDefault(File.Exists)
            ?? throw new ConvLensException($"no part holds {name}, which a part's rows name; merge the folders the shards wrote"))).ToList() : [];

        var output = new OutputFolder(settings.OutputFolder("cam"));
        foreach (var (name, from) in maps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            output.WriteBytes(name, File.ReadAllBytes(from));
        }

        CamDatasetFiles.Write(output, merged, arguments);
        CamDatasetOutput.Report(console, output, merged);
        return 0;
    }
}
