using System.Globalization;
using ConvLens.Cli.Console;
using ConvLens.Cli.Settings;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Metrics;
using ConvLens.Visualize.Attribution.Targets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens sanity MODEL IMAGE...</c>: the model-randomisation sanity check as a table, JSON and a picture strip per image.</summary>
public sealed class SanityCommand(IAnsiConsole console) : Command<SanitySettings>
{
    public override int Execute(CommandContext context, SanitySettings settings, CancellationToken cancellationToken)
    {
        // Seeded first, so models with random weights (torchvision:NAME without weights) are the same in the copy.
        TorchSharp.torch.random.manual_seed(settings.Seed);
        using var model = settings.LoadModel();
        using var scope = TorchSharp.torch.NewDisposeScope();
        var photos = settings.Images.Select(ImageDecoder.Load).ToList();
        var fitted = photos.Select(p => ModelInput.Fit(p, model.Preprocessing)).ToList();
        var (images, _) = ModelInput.FromPhotos(photos, model.Preprocessing);
        var target = TargetSpec.Parse(settings.Target, model, path => ModelInput.FromPhoto(ImageDecoder.Load(path), model.Preprocessing).Input);
        var method = AttributionMethods.Create(settings.Method);
        var request = new AttributionRequest { Layer = settings.Layer, Targets = [target], Seed = settings.Seed, CancellationToken = cancellationToken };
        LoadedModel Copy()
        {
            TorchSharp.torch.random.manual_seed(settings.Seed);
            return settings.LoadModel();
        }

        var total = Math.Min(settings.Steps ?? int.MaxValue, ModelRandomization.CountLayers(model));
        var result = SpectreProgress.Run(console, "randomising", p =>
            ModelRandomization.Run(Copy, images, method, request, settings.Steps, p.For<int>(done => ((double)done / total, $"{done}/{total} layers"))));

        var table = new Table().AddColumns("step", "randomised down to", "Spearman", "SSIM");
        foreach (var s in result.Steps)
        {
            table.AddRow(s.Index.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.Layer), s.Spearman.ToString("F3", CultureInfo.InvariantCulture), s.Ssim.ToString("F3", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        var output = new OutputFolder(settings.OutputFolder("sanity"));
        var colormap = Colormaps.Get(settings.Colormap);
        for (var i = 0; i < photos.Count; i++)
        {
            var maps = result.Steps.Select(s => s.Maps[i]).Prepend(result.Original[i]).ToList();
            var tiles = maps.Select(m => HeatmapRenderer.Overlay(fitted[i], new Heatmap(m.Width, m.Height, m.Values), colormap, 0.6, OverlayMode.Weighted)).Prepend(fitted[i]).ToList();
            var captions = result.Steps.Select(s => $"{s.Index}: {s.Layer}").Prepend("trained").Prepend(Path.GetFileName(settings.Images[i])).ToList();
            output.WritePng($"{FileNames.Safe(Path.GetFileNameWithoutExtension(settings.Images[i]))}.sanity.png", Mosaic.Compose(tiles, new MosaicOptions { Captions = captions, TileSize = 128, Columns = tiles.Count, Title = $"{result.Method} · {result.Target}: cascading randomisation from the top" }));
        }

        output.WriteJson("sanity.json", new
        {
            model = model.Name, method = result.Method, target = result.Target, images = settings.Images, weightLayers = result.WeightLayers,
            steps = result.Steps.Select(s => new { s.Index, s.Layer, s.Spearman, s.Ssim }),
        });
        console.MarkupLine($"wrote {output.Written.Count} files to [green]{Markup.Escape(output.Path)}[/]");
        return 0;
    }
}
