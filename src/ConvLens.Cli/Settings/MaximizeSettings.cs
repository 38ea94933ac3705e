using System.ComponentModel;
using System.Globalization;
using ConvLens.Visualize.Maximize;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens maximize</c>.</summary>
public sealed class MaximizeSettings : LayerLayoutSettings
{
    [CommandOption("--layer <LAYER>")]
    [Description("Layer whose channels to visualise: canonical name or alias (stage1..stage4). See `convlens inspect`.")]
    public string? Layer { get; init; }

    [CommandOption("--channels <LIST>")]
    [Description("Channels, e.g. 0-15 or 0,3,7 or 0-3,8. One image each, optimised in batches.")]
    [DefaultValue("0-7")]
    public string Channels { get; init; } = "0-7";

    [CommandOption("--objective <OBJECTIVE>")]
    [Description("Instead of --layer/--channels: one objective, e.g. \"channel:stage3:12 - 0.05*tv\" or \"class:281\" (see OBJECTIVE below).")]
    public string? Objective { get; init; }

    [CommandOption("--neuron")]
    [Description("Maximise the centre neuron of each channel instead of the channel mean.")]
    public bool Neuron { get; init; }

    [CommandOption("--size <PIXELS>")]
    [Description("Longer side of the optimised images; the other side follows the model input's aspect ratio (square for square models).")]
    [DefaultValue(128)]
    public int Size { get; init; } = 128;

    [CommandOption("--steps <N>")]
    [Description("Optimisation steps.")]
    [DefaultValue(512)]
    public int Steps { get; init; } = 512;

    [CommandOption("--lr <RATE>")]
    [Description("Adam learning rate.")]
    [DefaultValue(0.05)]
    public double LearningRate { get; init; } = 0.05;

    [CommandOption("--param <KIND>")]
    [Description("Image parameterization: fourier (default; smooth, readable) or pixel (naive; high-frequency noise).")]
    [DefaultValue("fourier")]
    [TypeConverter(typeof(ChoiceConverter<Parameterization>))]
    public Parameterization Param { get; init; } = Parameterization.Fourier;

    [CommandOption("--decorrelate")]
    [Description("Optimise in decorrelated colour space (the default).")]
    public bool Decorrelate { get; init; }

    [CommandOption("--no-decorrelate")]
    [Description("Optimise RGB directly.")]
    public bool NoDecorrelate { get; init; }

    [CommandOption("--transforms <SET>")]
    [Description("Transformation robustness: standard (pad 12, jitter 8, scale 0.9-1.1, rotate 10 deg, jitter 4) or none.")]
    [DefaultValue("standard")]
    [TypeConverter(typeof(ChoiceConverter<TransformSet>))]
    public TransformSet Transforms { get; init; } = TransformSet.Standard;

    [CommandOption("--upsample <PIXELS>")]
    [Description("Resize the transformed image to this square size before the model when it is smaller (0: never).")]
    [DefaultValue(224)]
    public int Upsample { get; init; } = 224;

    [CommandOption("--diversity <WEIGHT>")]
    [Description("Add WEIGHT x diversity (penalises similar Gram matrices across each batch).")]
    [DefaultValue(0.0)]
    public double Diversity { get; init; }

    [CommandOption("--batch <N>")]
    [Description("Channels optimised together in one batch.")]
    [DefaultValue(8)]
    public int Batch { get; init; } = 8;

    [CommandOption("--gif")]
    [Description("Also write animation.gif: the optimisation, frame by frame.")]
    public bool Gif { get; init; }

    /// <summary>The channel list parsed from <see cref="Channels"/>.</summary>
    public IReadOnlyList<int> ChannelList => ParseChannels(Channels) ?? [];

    /// <inheritdoc/>
    protected override string? NeedsGradients => "activation maximization";

    public override ValidationResult Validate()
    {
        if (Layer is null && Objective is null)
        {
            return ValidationResult.Error("give --layer (with --channels) or --objective");
        }

        if (ParseChannels(Channels) is null)
        {
            return ValidationResult.Error($"--channels must look like 0-15, 0,3,7 or 0-3,8; got '{Channels}'");
        }

        string? error = (Size, Steps, Batch) switch
        {
            ( < 16 or > 1024, _, _) => $"--size must be between 16 and 1024, got {Size}",
            (_, < 1 or > 100_000, _) => $"--steps must be between 1 and 100000, got {Steps}",
            (_, _, < 1 or > 256) => $"--batch must be between 1 and 256, got {Batch}",
            _ => null,
        };
        error ??= Decorrelate && NoDecorrelate ? "--decorrelate and --no-decorrelate exclude each other" : null;
        error ??= LearningRate <= 0 ? $"--lr must be positive, got {LearningRate}" : null;
        error ??= Upsample is < 0 or > 2048 ? $"--upsample must be between 0 and 2048, got {Upsample}" : null;
        return error is not null
            ? ValidationResult.Error(error)
            : OptionValidation.FirstError(
                () => Objective is { } text ? OptionValidation.Of("--objective", () => Visualize.Maximize.Objective.Parse(text)) : ValidationResult.Success(),
                () => base.Validate());
    }

    protected override IEnumerable<string> LayerOptions => Layer is null ? [] : [Layer];

    /// <summary>Parses "0-3,8" into [0,1,2,3,8]; null when malformed.</summary>
    internal static List<int>? ParseChannels(string text)
    {
        var result = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length is < 1 or > 2
                || !int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                || !int.TryParse(bounds[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var to)
                || to < from || to - from > 4096)
            {
                return null;
            }

            result.AddRange(Enumerable.Range(from, to - from + 1));
        }

        return result.Count == 0 ? null : result;
    }
}
