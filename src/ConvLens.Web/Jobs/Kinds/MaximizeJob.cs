using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Maximize;
using ConvLens.Web.Images;
using ConvLens.Web.Models;

namespace ConvLens.Web.Jobs.Kinds;

/// <summary>
/// Activation maximization through <see cref="Maximizer"/>, batched and seeded as <c>convlens maximize</c> does (batch b
/// gets seed + b), so the same options give the same pictures here and on the command line. Frames stream live.
/// </summary>
internal sealed class MaximizeJob : JobKind<MaximizeJobOptions>
{
    /// <summary>More would keep one job on the workers for very long; the CLI has no such limit.</summary>
    public const int MaxChannels = 64;

    public override string Id => "maximize";

    public override string Description => "Synthesize the images that excite chosen channels most (feature visualization).";

    public override JobInputs Inputs => JobInputs.None;

    protected override void Check(MaximizeJobOptions options, ModelFacts model, ImageStore images)
    {
        if (options.Objective is { } text)
        {
            Array.ForEach([.. Objective.Parse(text).Layers], model.CheckLayer);
        }
        else
        {
            if (options.Layer is null)
            {
                throw new ConvLensException("give 'layer' (with 'channels') or 'objective'");
            }

            model.CheckLayer(options.Layer);
            if (options.Channels.Length == 0 || options.Channels.Any(c => c < 0))
            {
                throw new ConvLensException("'channels' must be a non-empty list of channel indices, e.g. [0,1,2]");
            }
        }

        Range("channels (count)", options.Channels.Length, 1, MaxChannels);
        Range("size", options.Size, 16, 1024);
        Range("steps", options.Steps, 1, 100_000);
        Range("batch", options.Batch, 1, 256);
        Range("upsample", options.Upsample, 0, 2048);
        Range("frameEvery", options.FrameEvery, 0, 100_000);
        OneOf("param", options.Param, "fourier", "pixel");
        OneOf("transforms", options.Transforms, "standard", "none");
        Settings(options).Validate();
    }

    protected override object Run(JobContext context, MaximizeJobOptions options)
    {
        var model = context.Model;
        var perImage = options.Objective is { } text
            ? [Objective.Parse(text)]
            : options.Channels.Select(c => options.Neuron ? Objectives.Neuron(options.Layer!, c) : Objectives.Channel(options.Layer!, c)).ToList();
        var names = options.Objective is null ? options.Channels.Select(c => $"{(options.Neuron ? "neuron" : "channel")}-{c}").ToList() : ["objective"];
        var settings = Settings(options);
        var batches = perImage.Chunk(options.Batch).ToList();
        var total = (long)batches.Count * options.Steps;
        var results = new List<MaximizeResult>();
        for (var b = 0; b < batches.Count; b++)
        {
            var objective = Objectives.PerImage(batches[b]);
            if (options.Diversity != 0 && options.Layer is not null)
            {
                objective += options.Diversity * Objectives.Diversity(options.Layer);
            }

            var (height, width) = ModelInput.SizeFor(model.Preprocessing, options.Size);
            var seed = options.Seed + b;
            using IImageParameterization image = options.Param.Equals("pixel", StringComparison.OrdinalIgnoreCase)
                ? new PixelImage(batches[b].Length, height, width, options.Decorrelate, seed: seed, device: model.Device)
                : new FourierImage(batches[b].Length, height, width, options.Decorrelate, seed: seed, device: model.Device);
            var done = (long)b * options.Steps;
            var progress = new SyncProgress<MaximizeProgress>(p =>
            {
                context.Report.Progress(JobProgress.Counted(done + p.Step, total, context.Report.Elapsed, $"batch {b + 1}/{batches.Count}, step {p.Step}/{p.TotalSteps}", p.Objective));
                if (p.Frame is { } frame)
                {
                    context.Report.Frame(done + frame.Step, total, frame.Images);
                }
            });
            results.Add(Maximizer.Run(model, objective, image, Transforms.Of(options.Transforms.Equals("none", StringComparison.OrdinalIgnoreCase) ? TransformSet.None : TransformSet.Standard), settings, progress, context.Token));
        }

        var files = context.Files;
        var pictures = results.SelectMany(r => r.Images).ToList();
        var written = pictures.Select((p, i) => files.WritePng($"{names[i]}.png", p)).ToList();
        var title = options.Objective ?? $"{model.Name} {options.Layer}";
        var captions = options.Objective is null ? options.Channels.Select(c => $"{options.Layer}:{c}").ToList() : names;
        var grid = files.WritePng("grid.png", Mosaic.Compose(pictures, new MosaicOptions { Title = title, Captions = captions, Columns = Math.Min(8, pictures.Count) }));
        var result = new
        {
            model = model.Name, grid,
            images = names.Select((n, i) => new { name = n, file = written[i] }),
            objectiveByStep = results.SelectMany(r => r.ObjectiveByStep),
            finalValues = results.SelectMany(r => r.FinalValues),
            seconds = results.Sum(r => r.Elapsed.TotalSeconds),
            manifests = results.Select(r => r.Manifest),
        };
        files.WriteJson("manifest.json", result);
        return result;
    }

    private static MaximizeOptions Settings(MaximizeJobOptions options) => new()
    {
        Steps = options.Steps, LearningRate = options.Lr, Seed = options.Seed,
        UpsampleTo = options.Upsample == 0 ? null : options.Upsample,
        KeepFrames = true, FrameEvery = options.FrameEvery > 0 ? options.FrameEvery : Math.Max(1, options.Steps / 64),
    };
}
