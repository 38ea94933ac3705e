using System.ComponentModel;
using ConvLens.Imaging;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Metrics;
using ConvLens.Visualize.Attribution.Targets;
using ConvLens.Visualize.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens cam</c>.</summary>
public sealed class CamSettings : LayerLayoutSettings
{
    [CommandArgument(1, "<IMAGE>")]
    [Description("One or more photos to explain (PNG, JPEG, WebP, BMP), or one DATASET: a folder of images (recursive) or a text file listing image paths, explained in batches.")]
    public string[] Images { get; init; } = [];

    [CommandOption("--layer <LAYER>")]
    [Description("Layer (name or alias) the CAM methods explain. Default: the last spatial layer before pooling; on transformers the last block's norm; on detectors with score and box outputs the deepest layer every score depends on (see docs/architectures.md).")]
    public string? Layer { get; init; }

    [CommandOption("--target <TARGET>")]
    [Description("What to explain, comma-separated (see TARGET below). Default: auto (the top output).")]
    [DefaultValue("auto")]
    public string Target { get; init; } = "auto";

    [CommandOption("--method <METHODS>")]
    [Description("Comma-separated method ids (see METHODS below; hyphens optional). Default: grad-cam.")]
    [DefaultValue("grad-cam")]
    public string Method { get; init; } = "grad-cam";

    [CommandOption("--smooth <MODE>")]
    [Description("none (default); aug: average over flipped and zoomed copies (any method); eigen: first principal component of the weighted activations (CAMs).")]
    [DefaultValue("none")]
    public string Smooth { get; init; } = "none";

    [CommandOption("--metrics [METRICS]")]
    [Description("Grade every map with these metrics, comma-separated (see METRICS below), each beside its seeded random-map baseline, into cam.json. Alone: deletion,insertion.")]
    public FlagValue<string>? Metrics { get; init; }

    [CommandOption("--boxes <FILE>")]
    [Description("Object boxes or masks for the pointing games: CSV or JSON rows image,class,x1,y1,x2,y2 (photo pixels) or image,class,mask.png.")]
    public string? Boxes { get; init; }

    [CommandOption("--colormap <COLORMAP>")]
    [Description("Heatmap colormap (see COLORMAP below).")]
    [DefaultValue("viridis")]
    public string Colormap { get; init; } = "viridis";

    [CommandOption("--alpha <ALPHA>")]
    [Description("Opacity of the heatmap over the photo, 0..1 (with --overlay weighted: the opacity of the hottest pixels).")]
    [DefaultValue(0.6)]
    public double Alpha { get; init; } = 0.6;

    [CommandOption("--overlay <MODE>")]
    [Description("weighted (default): colour only where the map is hot, the photo stays readable; uniform: tint the whole photo.")]
    [DefaultValue("weighted")]
    [TypeConverter(typeof(ChoiceConverter<OverlayMode>))]
    public OverlayMode Overlay { get; init; } = OverlayMode.Weighted;

    [CommandOption("--mask-upsample <CONVENTION>")]
    [Description("How score-cam upsamples its channel masks: centers (default, align_corners false, as PyTorch and OpenCV resize) or corners (align_corners true, as pytorch-grad-cam). The maps differ; see docs/attribution.md.")]
    [DefaultValue("centers")]
    [TypeConverter(typeof(ChoiceConverter<MaskUpsample>))]
    public MaskUpsample MaskUpsample { get; init; } = MaskUpsample.Centers;

    [CommandOption("--npy")]
    [Description("Also write each raw map as NAME.METHOD.TARGET.npy (float32, NumPy format 1.0, C order, [[H,W]] at the model's input size).")]
    public bool Npy { get; init; }

    [CommandOption("--aggregate")]
    [Description("Dataset mode: also write the mean map per method, target and class (PNG, and .npy with --npy).")]
    public bool Aggregate { get; init; }

    [CommandOption("--batch <N>")]
    [Description("Dataset mode: images per batch. Default: 16.")]
    [DefaultValue(16)]
    public int Batch { get; init; } = 16;

    [CommandOption("--shard <I/N|auto>")]
    [Description("Dataset mode. " + ShardOptionText.Shard + " The part folder gets cam-part.json and cam-state.json for `cam merge`.")]
    public string? ShardText { get; init; }

    [CommandOption("--shards <N>")]
    [Description("Dataset mode. " + ShardOptionText.Shards)]
    public int? Shards { get; init; }

    /// <summary>True when the one IMAGE argument is a folder or a list file (not an image).</summary>
    public bool IsDataset => Images.Length == 1 && (Directory.Exists(Images[0])
        || (File.Exists(Images[0]) && !DatasetSource.ImageExtensions.Contains(Path.GetExtension(Images[0]).ToLowerInvariant(), StringComparer.Ordinal)));

    /// <summary>The shard to explain.</summary>
    public Shard Shard => ShardEnvironment.Resolve(ShardText, Shards, System.Environment.GetEnvironmentVariable);

    /// <summary>The methods, split.</summary>
    public IReadOnlyList<string> MethodIds => [.. Split(Method).Select(m => Smooth == "none" ? m : $"{m}-{Smooth}-smooth")];

    /// <summary>The metric ids: none without --metrics, deletion and insertion with a bare --metrics.</summary>
    public IReadOnlyList<string> MetricIds =>
        Metrics is not { IsSet: true } flag ? [] : flag.Value is { Length: > 0 } list ? Split(list) : ["deletion", "insertion"];

    /// <summary>The targets, split.</summary>
    public IReadOnlyList<string> TargetSpecs => TargetSpec.SplitList(Target);

    protected override IEnumerable<string> LayerOptions => Layer is null ? [] : [Layer];

    /// <summary>Fails when a target can only be a class name but no --labels file was given (the library only knows the model has no labels).</summary>
    /// <exception cref="ConvLensException">Such a target without labels.</exception>
    public void RequireLabelsForClassNames()
    {
        if (Labels is null && TargetSpecs.FirstOrDefault(TargetSpec.NamesClass) is { } name)
        {
            throw new ConvLensException($"--target '{name}' is a class name, which needs --labels FILE; or use {TargetSpec.Syntax}");
        }
    }

    /// <inheritdoc/>
    /// <remarks>Read by the base validation, which runs after <c>--method</c> has been checked.</remarks>
    protected override string? NeedsGradients =>
        MethodIds.Select(AttributionMethods.Create).FirstOrDefault(m => m.UsesGradients) is { } m ? $"method {m.Id}" : null;

    public override ValidationResult Validate()
    {
        if (Images.Length == 0)
        {
            return ValidationResult.Error("give at least one IMAGE to explain");
        }

        if (Alpha is < 0 or > 1)
        {
            return ValidationResult.Error($"--alpha must be between 0 and 1, got {Alpha}");
        }

        if (Smooth != "none" && !AttributionMethods.Smoothings.Contains(Smooth))
        {
            return ValidationResult.Error($"--smooth must be none, {string.Join(" or ", AttributionMethods.Smoothings)}; got '{Smooth}'");
        }

        return OptionValidation.FirstError(
            () => OptionValidation.Of("--method", () => _ = MethodIds.Select(AttributionMethods.Create).ToList()),
            () => OptionValidation.Of("--colormap", () => Colormaps.Get(Colormap)),
            () => OptionValidation.Of("--shard", () => _ = Shard),
            () => Batch is < 1 or > 4096 ? ValidationResult.Error($"--batch must be 1..4096, got {Batch}") : ValidationResult.Success(),
            () => OptionValidation.Of("--metrics", () => _ = MetricIds.Select(AttributionMetrics.Create).ToList()),
            () => base.Validate());
    }

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
