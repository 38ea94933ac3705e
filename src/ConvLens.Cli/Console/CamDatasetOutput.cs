using System.Globalization;
using ConvLens.Cli.Settings;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Attribution.Dataset;
using ConvLens.Visualize.Attribution.Metrics;
using ConvLens.Visualize.Attribution.Targets;
using ConvLens.Visualize.Statistics;
using Spectre.Console;

namespace ConvLens.Cli.Console;

/// <summary><c>convlens cam MODEL DATASET</c>: streams the dataset, then writes its outputs (and, as a shard, the part for <c>cam merge</c>).</summary>
internal static class CamDatasetOutput
{
    public static int Run(IAnsiConsole console, CamSettings settings, CancellationToken cancellationToken)
    {
        var dataset = DatasetSource.FromPath(settings.Images[0]);
        var boxes = settings.Boxes is null ? null : GroundTruthBoxes.Load(settings.Boxes);
        // Seeded first, so models with random weights (torchvision:NAME without weights) are the same in every run and shard.
        TorchSharp.torch.random.manual_seed(settings.Seed);
        using var model = settings.LoadModel();
        var options = new DatasetCamOptions
        {
            Methods = settings.MethodIds, Layer = settings.Layer, MetricIds = settings.MetricIds, Boxes = boxes, BatchSize = settings.Batch, Shard = settings.Shard,
            MaskUpsample = settings.MaskUpsample, Seed = settings.Seed,
            Targets = [.. settings.TargetSpecs.Select(t => TargetSpec.Parse(t, model, path => ModelInput.FromPhoto(ImageDecoder.Load(path), model.Preprocessing, model.Device).Input))],
        };
        var part = CamPart.Of(settings);
        var output = new OutputFolder(settings.OutputFolder("cam"));
        void OnMap(DatasetCamRow row, Visualize.Attribution.AttributionMap map)
        {
            if (settings.Npy)
            {
                output.WriteBytes(CamDatasetFiles.MapNpy(row), NpyWriter.Encode(map.Raw, map.Height, map.Width));
            }
        }

        var result = SpectreProgress.Run(console, "explaining", bar => DatasetCam.Run(model, dataset, options, OnMap,
            bar.For<DatasetProgress>(p => (p.ImagesTotal == 0 ? 1 : (double)p.ImagesDone / p.ImagesTotal,
                string.Create(CultureInfo.InvariantCulture, $"{p.ImagesDone}/{p.ImagesTotal} images, {p.ImagesPerSecond:F1} img/s, {p.Skipped} skipped"))),
            cancellationToken));
        CamDatasetFiles.Write(output, result, part);
        if (settings.ShardText is not null)
        {
            // Written last: a folder with a part record holds a finished shard.
            output.WriteText(CamPart.StateFileName, DatasetCamJson.Serialize(result));
            output.WriteJson(CamPart.FileName, part);
        }

        Report(console, output, result);
        if (settings.ShardText is not null)
        {
            console.MarkupLine(Markup.Escape($"shard {result.Shard} done; when every shard is, run: convlens cam merge PART_FOLDERS... --out DIR"));
        }

        return 0;
    }

    /// <summary>The closing lines of a run or a merge: what was explained, what was skipped, where the files are.</summary>
    public static void Report(IAnsiConsole console, OutputFolder output, DatasetCamResult result)
    {
        console.MarkupLine(Markup.Escape($"{result.ImagesProcessed} images explained (shard {result.Shard}, {result.Rows.Count} maps)"));
        foreach (var s in result.Skipped)
        {
            console.MarkupLine($"[yellow]warning:[/] skipped {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
        }

        console.MarkupLine($"wrote {output.Written.Count} files to [green]{Markup.Escape(output.Path)}[/]");
    }
}
