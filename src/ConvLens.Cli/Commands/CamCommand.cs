using ConvLens.Cli.Console;
using ConvLens.Cli.Settings;
using ConvLens.Imaging;
using ConvLens.Visualize.Attribution;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens cam MODEL IMAGE...</c>: why the model answered as it did, as heatmaps on the photos.</summary>
public sealed class CamCommand(IAnsiConsole console) : Command<CamSettings>
{
    public override int Execute(CommandContext context, CamSettings settings, CancellationToken cancellationToken)
    {
        settings.RequireLabelsForClassNames();
        using var model = settings.LoadModel();
        var options = new CamJobOptions
        {
            Methods = settings.MethodIds, Targets = settings.TargetSpecs, Layer = settings.Layer, Layout = settings.TokenLayout, Metrics = settings.Metrics,
            Colormap = settings.Colormap, Alpha = settings.Alpha, Overlay = settings.Overlay, Seed = settings.Seed,
        };
        CamJob.Methods(options, model);
        var photos = settings.Images.Select(ImageDecoder.Load).ToList();
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
            records.Add(new
            {
                image = settings.Images[item.Image], item.Method, item.Target, item.Map.Score, item.Map.Warning,
                overlay = stem + ".png", raw = stem + ".raw16.png", rawMin = item.Raw.Values.Min(), rawMax = item.Raw.Values.Max(),
                item.Seconds,
                metrics = item.Metrics is null ? null : new
                {
                    item.Metrics.DeletionAuc, item.Metrics.InsertionAuc, item.Metrics.RandomDeletionAuc, item.Metrics.RandomInsertionAuc,
                },
            });
            console.MarkupLine(Markup.Escape($"{names[item.Image]} · {item.Method} · {item.Target}: score {item.Map.Score:G4}" +
                (item.Metrics is null ? string.Empty : $", deletion AUC {item.Metrics.DeletionAuc:F3} (random {item.Metrics.RandomDeletionAuc:F3})") +
                (item.Map.Warning is null ? string.Empty : $" — {item.Map.Warning}")));
        }

        output.WritePng("comparison.png", CamJob.Grid(photos, items, names));
        output.WriteJson("cam.json", new { model = model.Name, layer = settings.Layer, results = records });
        console.MarkupLine($"wrote {output.Written.Count} files to [green]{Markup.Escape(output.Path)}[/]");
        return 0;
    }

    private static string Slug(string text) =>
        new([.. text.Select(c => char.IsLetterOrDigit(c) || c is '-' or '+' ? c : '_')]);
}
