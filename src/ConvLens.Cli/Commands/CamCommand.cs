using ConvLens.Cli.Console;
using ConvLens.Cli.Settings;
using ConvLens.Imaging;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Metrics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens cam MODEL IMAGE...</c>: why the model answered as it did, as heatmaps on the photos.</summary>
public sealed class CamCommand(IAnsiConsole console) : Command<CamSettings>
{
    public override int Execute(CommandContext context, CamSettings settings, CancellationToken cancellationToken)
    {
        settings.RequireLabelsForClassNames();
        if (settings.IsDataset)
        {
            return CamDatasetOutput.Run(console, settings, cancellationToken);
        }

        var boxes = settings.Boxes is null ? null : GroundTruthBoxes.Load(settings.Boxes);
        using var model = settings.LoadModel();
        var photos = settings.Images.Select(ImageDecoder.Load).ToList();
        var options = new CamJobOptions
        {
            Methods = settings.MethodIds, Targets = settings.TargetSpecs, Layer = settings.Layer, Layout = settings.TokenLayout, MetricIds = settings.MetricIds,
            Colormap = settings.Colormap, Alpha = settings.Alpha, Overlay = settings.Overlay, Seed = settings.Seed, MaskUpsample = settings.MaskUpsample,
            Regions = boxes is null ? null : (i, target) => boxes.Region(settings.Images[i], target, photos[i], model),
        };
        CamJob.Methods(options, model);
        var names = settings.Images.Select(Path.GetFileNameWithoutExtension).Select(n => n ?? "image").ToList();
        var steps = photos.Count * options.Methods.Count;
        var items = SpectreProgress.Run(console, "explaining", p =>
            CamJob.Run(model, photos, options, p.For<int>(done => ((double)done / steps, $"{done}/{steps}")), cancellationToken));

        var output = new OutputFolder(settings.OutputFolder("cam"));
        var records = new List<object>();
        foreach (var item in items)
        {
            var stem = $"{names[item.Image]}.{item.Method}.{Slug(item.Target)}";
            output.WritePng(stem + ".png", item.Overlay);
            output.WriteBytes(stem + ".raw16.png", ImageEncoder.EncodePng16(item.Raw));
            if (settings.Npy)
            {
                output.WriteBytes(stem + ".npy", NpyWriter.Encode(item.Map.Raw, item.Map.Height, item.Map.Width));
            }

            records.Add(new
            {
                image = settings.Images[item.Image], item.Method, item.Target, item.Layer, item.Map.Score, item.Map.Warning,
                overlay = stem + ".png", raw = stem + ".raw16.png", npy = settings.Npy ? stem + ".npy" : null,
                rawMin = item.Raw.Values.Min(), rawMax = item.Raw.Values.Max(), item.Seconds,
                metrics = CamOutput.Metrics(item), metricNotes = item.MetricNotes.Count == 0 ? null : item.MetricNotes,
            });
            console.MarkupLine(Markup.Escape($"{names[item.Image]} · {item.Method} · {item.Target}: score {item.Map.Score:G4}" +
                (item.Scores.Count == 0 ? string.Empty : "; " + CamOutput.Line(item)) +
                (item.Map.Warning is null ? string.Empty : $" — {item.Map.Warning}")));
        }

        var summary = CamOutput.Summary(items);
        CamOutput.WriteTable(console, summary);
        output.WritePng("comparison.png", CamJob.Grid(photos, items, names));
        // The layer the CAMs explained at, the default choice included; per result as well (null for methods without one).
        var layers = items.Select(i => i.Layer).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        output.WriteJson("cam.json", new { model = model.Name, layer = layers.Count == 1 ? layers[0] : settings.Layer, results = records, summary });
        console.MarkupLine($"wrote {output.Written.Count} files to [green]{Markup.Escape(output.Path)}[/]");
        return 0;
    }

    private static string Slug(string text) =>
        new([.. text.Select(c => char.IsLetterOrDigit(c) || c is '-' or '+' ? c : '_')]);
}
