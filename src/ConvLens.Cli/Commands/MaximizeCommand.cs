using ConvLens.Cli.Console;
using ConvLens.Cli.Settings;
using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Maximize;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens maximize MODEL --layer L --channels 0-15</c>: what each channel is tuned to (feature visualization).</summary>
public sealed class MaximizeCommand(IAnsiConsole console) : Command<MaximizeSettings>
{
    public override int Execute(CommandContext context, MaximizeSettings settings, CancellationToken cancellationToken)
    {
        using var model = settings.LoadModel();
        var perImage = settings.Objective is { } text
            ? [Objective.Parse(text)]
            : settings.ChannelList.Select(c => settings.Neuron ? Objectives.Neuron(settings.Layer!, c) : Objectives.Channel(settings.Layer!, c)).ToList();
        var names = settings.Objective is null
            ? settings.ChannelList.Select(c => $"{(settings.Neuron ? "neuron" : "channel")}-{c}").ToList()
            : ["objective"];
        var options = new MaximizeOptions
        {
            Steps = settings.Steps, LearningRate = settings.LearningRate, Seed = settings.Seed, Layout = settings.TokenLayout,
            UpsampleTo = settings.Upsample == 0 ? null : settings.Upsample,
            KeepFrames = settings.Gif, FrameEvery = Math.Max(1, settings.Steps / 32),
        };
        var batches = perImage.Chunk(settings.Batch).ToList();
        var results = SpectreProgress.Run(console, $"maximize {model.Name}", bar => batches.Select((batch, b) =>
        {
            var objective = Objectives.PerImage(batch);
            if (settings.Diversity != 0 && settings.Layer is not null)
            {
                objective += settings.Diversity * Objectives.Diversity(settings.Layer);
            }

            var decorrelate = !settings.NoDecorrelate;
            var (height, width) = ModelInput.SizeFor(model.Preprocessing, settings.Size);
            var seed = settings.Seed + b;
            using IImageParameterization image = settings.Param == Parameterization.Pixel
                ? new PixelImage(batch.Length, height, width, decorrelate, seed: seed, device: model.Device)
                : new FourierImage(batch.Length, height, width, decorrelate, seed: seed, device: model.Device);
            var progress = bar.For<MaximizeProgress>(p => ((b + (p.Step / (double)p.TotalSteps)) / batches.Count, $"batch {b + 1}/{batches.Count}, step {p.Step}, objective {p.Objective:G4}"));
            return Maximizer.Run(model, objective, image, Transforms.Of(settings.Transforms), options, progress, cancellationToken);
        }).ToList());

        var output = new OutputFolder(settings.OutputFolder("maximize"));
        var images = results.SelectMany(r => r.Images).ToList();
        for (var i = 0; i < images.Count; i++)
        {
            output.WritePng($"{names[i]}.png", images[i]);
        }

        var title = settings.Objective ?? $"{model.Name} {settings.Layer}";
        var captions = settings.Objective is null ? settings.ChannelList.Select(c => $"{settings.Layer}:{c}").ToList() : names;
        var mosaic = new MosaicOptions { Title = title, Captions = captions, Columns = Math.Min(8, images.Count) };
        output.WritePng("grid.png", Mosaic.Compose(images, mosaic));
        if (settings.Gif)
        {
            var frames = results[0].Frames.Select((f, k) => Mosaic.Compose(
                [.. results.SelectMany(r => r.Frames[k].Images)], mosaic with { Title = $"{title}, step {f.Step}" })).ToList();
            output.WriteGif("animation.gif", frames, 100);
        }

        output.WriteJson("manifest.json", results.Select(r => new { r.Manifest, finalValues = r.FinalValues, seconds = r.Elapsed.TotalSeconds }));
        console.MarkupLineInterpolated($"wrote {output.Written.Count} files to [bold]{output.Path}[/]");
        return 0;
    }
}
