using ConvLens.Imaging;
using ConvLens.Visualize.DeepDream;
using ConvLens.Visualize.Maximize;
using ConvLens.Web.Images;
using ConvLens.Web.Models;

namespace ConvLens.Web.Jobs.Kinds;

/// <summary>DeepDream on a photo through <see cref="DeepDream"/>, the picture streamed after every step.</summary>
internal sealed class DreamJob : JobKind<DreamOptions>
{
    public override string Id => "dream";

    public override string Description => "DeepDream: amplify what a layer sees in a photograph.";

    public override JobInputs Inputs => JobInputs.Image;

    protected override void Check(DreamOptions options, ModelFacts model, ImageStore images)
    {
        model.CheckLayer(options.Layer);
        if (options.MaxSize is { } max)
        {
            Range("maxSize", max, 16, 4096);
        }

        Settings(options).Validate();
    }

    protected override object Run(JobContext context, DreamOptions options)
    {
        var photo = context.RequiredPhoto;
        if (options.MaxSize is { } max && Math.Max(photo.Width, photo.Height) > max)
        {
            photo = photo.Scaled(max / (double)Math.Max(photo.Width, photo.Height));
        }

        var objective = options.Channel is { } c ? Objectives.Channel(options.Layer, c) : Objectives.Layer(options.Layer);
        var progress = new SyncProgress<DeepDreamProgress>(p =>
        {
            context.Report.Progress(JobProgress.Counted(p.Step, p.TotalSteps, context.Report.Elapsed, $"octave {p.Octave}/{p.Octaves}, step {p.Step}/{p.TotalSteps}", p.Objective));
            if (p.Frame is { } frame)
            {
                context.Report.Frame(p.Step, p.TotalSteps, [frame]);
            }
        });
        var result = DeepDream.Run(context.Model, photo, objective, Settings(options), progress, context.Token);
        var files = context.Files;
        var summary = new
        {
            model = context.Model.Name, image = context.Image?.Id,
            dream = files.WritePng("dream.png", result.Image),
            original = files.WritePng("original.png", photo),
            result.Objective, result.Options, result.ObjectiveByStep, seconds = result.Elapsed.TotalSeconds,
        };
        files.WriteJson("manifest.json", summary);
        return summary;
    }

    private static DeepDreamOptions Settings(DreamOptions options) => new()
    {
        Octaves = options.Octaves, OctaveScale = options.Scale, StepsPerOctave = options.Steps, StepSize = options.StepSize,
        Jitter = options.Jitter, TileSize = options.Tile, Seed = options.Seed, KeepFrames = true,
    };
}
