using ConvLens.Cli.Console;
using ConvLens.Cli.Settings;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.FeatureMaps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens maps MODEL IMAGE --layer L</c>: feature-map grids, a mean-activation overlay and a JSON summary.</summary>
public sealed class MapsCommand(IAnsiConsole console) : Command<MapsSettings>
{
    public override int Execute(CommandContext context, MapsSettings settings, CancellationToken cancellationToken)
    {
        var colormap = Colormaps.Get(settings.Colormap);
        var selection = settings.Selection;
        // Seeded first, so models with random weights (torchvision:NAME without weights) are the same in every run and shard.
        TorchSharp.torch.random.manual_seed(settings.Seed);
        using var model = settings.LoadModel();
        var photo = ImageDecoder.Load(settings.Image);
        var fit = InputFit.For(model.Preprocessing, photo.Height, photo.Width);
        var results = FeatureMaps.Compute(model, photo, settings.Layers, selection, layout: settings.TokenLayout);

        var output = new OutputFolder(settings.OutputFolder("maps"));
        foreach (var r in results)
        {
            var name = FileNames.Safe(r.DisplayName);
            output.WritePng($"{name}-maps.png", FeatureMapsRenderer.Grid(r, settings.Norm, colormap, settings.Tile));
            output.WritePng($"{name}-mean-overlay.png", FeatureMapsRenderer.MeanOverlay(photo, fit, r, colormap));
            if (settings.Npy)
            {
                output.WriteBytes($"{name}-maps.npy", NpyWriter.Encode([.. r.Channels.SelectMany(c => c.Values)], r.Channels.Count, r.Height, r.Width));
            }

            console.MarkupLine(Markup.Escape($"{r.DisplayName}: {r.ChannelCount} channels {r.Height}x{r.Width}, range {r.LayerMin:G4}..{r.LayerMax:G4}"));
        }

        output.WriteText("maps.json", FeatureMapsRenderer.Json(model.Name, settings.Image, results));
        foreach (var file in output.Written)
        {
            console.MarkupLine($"wrote [green]{Markup.Escape(file)}[/]");
        }

        return 0;
    }
}
