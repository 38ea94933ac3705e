using System.Globalization;
using ConvLens.Imaging;
using ConvLens.Reports;
using ConvLens.Visualize.DeepDream;
using ConvLens.Visualize.Maximize;
using static TorchSharp.torch;

namespace ConvLens.Cli.Demo;

/// <summary>What filters love: channels of every stage by activation maximization, and DeepDream of a photo at two depths.</summary>
internal sealed class DreamsDemoSection : IDemoSection
{
    private static readonly string[] Stages = ["stage1", "stage2", "stage3", "stage4"];
    private static readonly int[] Channels = [0, 1, 2, 3];
    private static readonly string[] DreamLayers = ["stage2", "stage3"];
    private const int Steps = 96;

    public string Id => "dreams";

    public ReportSection Run(DemoContext context)
    {
        var model = context.Model;
        var figures = new List<ReportFigure>();
        var facts = new List<KeyValuePair<string, string>>();
        var total = Stages.Length + DreamLayers.Length;
        for (var s = 0; s < Stages.Length; s++)
        {
            var stage = Stages[s];
            using var image = new FourierImage(Channels.Length, 128, 128, seed: context.Seed + s, device: model.Device);
            var done = s;
            var result = Maximizer.Run(model, Objectives.Channels(stage, Channels), image, Transforms.Standard,
                new MaximizeOptions { Steps = Steps, Seed = context.Seed, KeepFrames = false },
                context.Progress.For<MaximizeProgress>(p => ((done + (p.Step / (double)p.TotalSteps)) / total, $"{stage} step {p.Step}")),
                context.Cancellation);
            var file = $"{stage}-channels.png";
            context.Output.WritePng(file, Mosaic.Compose(result.Images, new MosaicOptions { Captions = [.. Channels.Select(c => $"{stage}:{c}")], Columns = Channels.Length }));
            figures.Add(new(context.Link(file), $"{stage}, channels {Channels[0]}-{Channels[^1]}: images optimised to excite each channel ({Steps} steps, Fourier parameterization, standard transforms)."));
            facts.Add(new(stage, $"{result.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s for {Channels.Length} channels"));
        }

        var sample = DemoContext.SampleImages.FirstOrDefault(p => Path.GetFileName(p).StartsWith("chelsea", StringComparison.Ordinal)) ?? DemoContext.SampleImages[0];
        var photo = Shrink(ImageDecoder.Load(sample), 256);
        for (var d = 0; d < DreamLayers.Length; d++)
        {
            var layer = DreamLayers[d];
            var done = Stages.Length + d;
            var dream = DeepDream.Run(model, photo, Objectives.Layer(layer), new DeepDreamOptions { Seed = context.Seed, KeepFrames = true },
                context.Progress.For<DeepDreamProgress>(p => ((done + (p.Step / (double)p.TotalSteps)) / total, $"dream {layer} octave {p.Octave}")),
                context.Cancellation);
            context.Output.WritePng($"dream-{layer}.png", dream.Image);
            context.Output.WriteGif($"dream-{layer}.gif", [photo, .. dream.Frames], 120);
            figures.Add(new(context.Link($"dream-{layer}.png"), $"DeepDream of {Path.GetFileName(sample)} on {layer} (4 octaves x 1.4, 10 steps each)."));
            figures.Add(new(context.Link($"dream-{layer}.gif"), $"The {layer} dream step by step."));
        }

        return new ReportSection
        {
            Title = "What filters love: activation maximization and DeepDream",
            Paragraphs =
            [
                "Each picture is synthesised from noise so that one channel fires as strongly as possible: early stages prefer colours and fine textures, later stages parts and objects (eyes, fur, scales).",
                "DeepDream amplifies, over several scales, whatever a layer already sees in a photo: textures at stage2, parts at stage3.",
            ],
            Facts = facts,
            Figures = figures,
        };
    }

    private static RgbImage Shrink(RgbImage photo, int max)
    {
        if (Math.Max(photo.Width, photo.Height) <= max)
        {
            return photo;
        }

        return photo.Scaled(max / (double)Math.Max(photo.Width, photo.Height));
    }
}
