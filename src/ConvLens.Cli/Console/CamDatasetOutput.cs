using System.Globalization;
using System.Text;
using ConvLens.Cli.Settings;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Attribution.Dataset;
using ConvLens.Visualize.Attribution.Targets;
using ConvLens.Visualize.Statistics;
using Spectre.Console;

namespace ConvLens.Cli.Console;

/// <summary><c>convlens cam MODEL DATASET</c>: streams the dataset, then writes images.csv, cam.json and (with --aggregate) the mean maps.</summary>
internal static class CamDatasetOutput
{
    public static int Run(IAnsiConsole console, CamSettings settings, CancellationToken cancellationToken)
    {
        var dataset = DatasetSource.FromPath(settings.Images[0]);
        using var model = settings.LoadModel();
        var options = new DatasetCamOptions
        {
            Methods = settings.MethodIds, Layer = settings.Layer, MetricIds = settings.MetricIds, BatchSize = settings.Batch, Shard = settings.Shard,
            MaskUpsample = settings.MaskUpsample, Seed = settings.Seed,
            Targets = [.. settings.TargetSpecs.Select(t => TargetSpec.Parse(t, model, path => ModelInput.FromPhoto(ImageDecoder.Load(path), model.Preprocessing, model.Device).Input))],
        };
        var output = new OutputFolder(settings.OutputFolder("cam"));
        void OnMap(DatasetCamRow row, Visualize.Attribution.AttributionMap map)
        {
            if (settings.Npy)
            {
                output.WriteBytes($"{row.Index:D6}.{row.Method}.{FileNames.Safe(row.Target)}.npy", NpyWriter.Encode(map.Raw, map.Height, map.Width));
            }
        }

        var result = SpectreProgress.Run(console, "explaining", bar => DatasetCam.Run(model, dataset, options, OnMap,
            bar.For<DatasetProgress>(p => (p.ImagesTotal == 0 ? 1 : (double)p.ImagesDone / p.ImagesTotal,
                string.Create(CultureInfo.InvariantCulture, $"{p.ImagesDone}/{p.ImagesTotal} images, {p.ImagesPerSecond:F1} img/s, {p.Skipped} skipped"))),
            cancellationToken));

        var metricIds = result.Rows.SelectMany(r => r.Scores.Select(s => s.Metric)).Distinct().ToList();
        var csv = new StringBuilder("index,image,method,target,class,score,warning" + string.Concat(metricIds.Select(m => $",{m},{m}_random")) + "\n");
        foreach (var r in result.Rows)
        {
            var scores = metricIds.Select(m => r.Scores.FirstOrDefault(s => s.Metric == m) is { } s ? string.Create(CultureInfo.InvariantCulture, $",{s.Value:R},{s.Random:R}") : ",,");
            csv.Append(CultureInfo.InvariantCulture, $"{r.Index},{Quote(r.Image)},{r.Method},{Quote(r.Target)},{r.Class},{r.Score:R},{Quote(r.Warning ?? string.Empty)}").Append(string.Concat(scores)).Append('\n');
        }

        output.WriteText("images.csv", csv.ToString());
        var colormap = Colormaps.Get(settings.Colormap);
        var means = new List<object>();
        foreach (var m in settings.Aggregate ? result.MeanMaps : [])
        {
            var stem = $"mean.{m.Method}.{FileNames.Safe(m.Target)}.{(m.Class is { } c ? $"class_{c}" : "all")}";
            output.WritePng(stem + ".png", HeatmapRenderer.Render(new Heatmap(m.Width, m.Height, m.Mean()), colormap));
            if (settings.Npy)
            {
                output.WriteBytes(stem + ".npy", NpyWriter.Encode(m.Mean(), m.Height, m.Width));
            }

            means.Add(new { m.Method, m.Target, m.Class, images = m.Count, png = stem + ".png" });
        }

        output.WriteJson("cam.json", new
        {
            model = model.Name, dataset = result.Dataset, result.DatasetImages, shard = result.Shard.ToString(), result.ImagesProcessed,
            skipped = result.Skipped, meanMaps = means,
            summary = result.Rows.SelectMany(r => r.Scores.Select(s => (r.Method, r.Target, s))).GroupBy(x => (x.Method, x.Target, x.s.Metric))
                .Select(g => new { method = g.Key.Method, target = g.Key.Target, metric = g.Key.Metric, images = g.Count(), mean = g.Average(x => x.s.Value), random = g.Average(x => x.s.Random) }),
        });
        console.MarkupLine(Markup.Escape($"{result.ImagesProcessed} images explained (shard {result.Shard}, {result.Rows.Count} maps)"));
        foreach (var s in result.Skipped)
        {
            console.MarkupLine($"[yellow]warning:[/] skipped {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
        }

        console.MarkupLine($"wrote {output.Written.Count} files to [green]{Markup.Escape(output.Path)}[/]");
        return 0;
    }

    private static string Quote(string text) => text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}
