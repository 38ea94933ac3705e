using ConvLens.Cli.Console;
using ConvLens.Cli.Settings;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.DeepDream;
using ConvLens.Visualize.Maximize;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens dream MODEL IMAGE --layer L</c>: DeepDream on a photograph.</summary>
public sealed class DreamCommand(IAnsiConsole console) : Command<DreamSettings>
{
    public override int Execute(CommandContext context, DreamSettings settings, CancellationToken cancellationToken)
    {
        var photo = ImageDecoder.Load(settings.Image);
        if (settings.MaxSize is { } max && Math.Max(photo.Width, photo.Height) > max)
        {
            photo = photo.Scaled(max / (double)Math.Max(photo.Width, photo.Height));
        }

        using var model = settings.LoadModel();
        var objective = settings.Channel is { } c ? Objectives.Channel(settings.Layer, c) : Objectives.Layer(settings.Layer);
        var options = new DeepDreamOptions
        {
            Octaves = settings.Octaves, OctaveScale = settings.Scale, StepsPerOctave = settings.Steps, StepSize = settings.StepSize,
            Jitter = settings.Jitter, TileSize = settings.Tile, Seed = settings.Seed, KeepFrames = settings.Gif,
        };
        var result = SpectreProgress.Run(console, $"dream {Path.GetFileName(settings.Image)}", bar => DeepDream.Run(
            model, photo, objective, options,
            bar.For<DeepDreamProgress>(p => (p.Step / (double)p.TotalSteps, $"octave {p.Octave}/{p.Octaves}, objective {p.Objective:G4}")),
            cancellationToken));

        var output = new OutputFolder(settings.OutputFolder("dream"));
        output.WritePng("dream.png", result.Image);
        if (settings.Gif)
        {
            output.WriteGif("dream.gif", [photo, .. result.Frames], 120);
        }

        output.WriteJson("manifest.json", new { model = model.Name, image = Path.GetFullPath(settings.Image), result.Objective, result.Options, seconds = result.Elapsed.TotalSeconds });
        console.MarkupLineInterpolated($"wrote {output.Written.Count} files to [bold]{output.Path}[/]");
        return 0;
    }
}
