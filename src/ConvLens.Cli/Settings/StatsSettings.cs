using System.ComponentModel;
using System.Globalization;
using ConvLens.Visualize.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens stats</c>.</summary>
public sealed class StatsSettings : LayerLayoutSettings
{
    [CommandArgument(1, "<DATASET>")]
    [Description("A folder of images (searched recursively; .jpg .jpeg .png .webp .bmp) or a text file with one image path per line.")]
    public string Dataset { get; init; } = string.Empty;

    [CommandOption("-l|--layer <LAYER>")]
    [Description("Layer name or alias to measure (repeat for several).")]
    public string[] Layers { get; init; } = [];

    [CommandOption("--batch <N>")]
    [Description("Images per forward pass. Default: 16. Shards merge exactly when they use the same batch size.")]
    [DefaultValue(16)]
    public int Batch { get; init; } = 16;

    [CommandOption("--shard <I/N>")]
    [Description("Process only shard I of N (1-based, contiguous whole batches); combine parts with `convlens stats merge`.")]
    public string? ShardText { get; init; }

    [CommandOption("--rare <PERCENT>")]
    [Description("A channel firing on fewer than this percentage of images is 'rarely active'. Default: 1.")]
    [DefaultValue(1.0)]
    public double Rare { get; init; } = 1.0;

    [CommandOption("--range <MIN:MAX>")]
    [Description("Fixed histogram range for every layer. Default: found from the first 32 images of the dataset.")]
    public string? RangeText { get; init; }

    [CommandOption("--bins <N>")]
    [Description("Histogram bins. Default: 64.")]
    [DefaultValue(64)]
    public int Bins { get; init; } = 64;

    [CommandOption("--exemplars <K>")]
    [Description("Dataset images kept per channel, the K that excite it most and the K that excite it least (written to stats.json, for the atlas); 0 for none. Default: 9.")]
    [DefaultValue(9)]
    public int Exemplars { get; init; } = 9;

    /// <summary>The shard to process (the whole dataset by default).</summary>
    public Shard Shard => ShardText is null ? Shard.Whole : Shard.Parse(ShardText);

    /// <summary>The fixed histogram, or null to find the range from the data.</summary>
    public HistogramSpec? Histogram => RangeText is null ? null : HistogramSpec.Parse(RangeText, Bins);

    protected override IEnumerable<string> LayerOptions => Layers;

    public override ValidationResult Validate()
    {
        if (Layers.Length == 0)
        {
            return ValidationResult.Error("give at least one --layer (see `convlens inspect MODEL` for names)");
        }

        if (Batch is < 1 or > 4096 || Bins is < 1 or > 100_000)
        {
            return ValidationResult.Error($"--batch must be 1..4096 and --bins 1..100000, got {Batch} and {Bins}");
        }

        if (Exemplars is < 0 or > 10_000)
        {
            return ValidationResult.Error($"--exemplars must be 0..10000 images per channel, got {Exemplars}");
        }

        return Rare is < 0 or > 100
            ? ValidationResult.Error($"--rare must be a percentage 0..100, got {Rare.ToString(CultureInfo.InvariantCulture)}")
            : OptionValidation.FirstError(
                () => OptionValidation.Of("--shard", () => _ = Shard),
                () => OptionValidation.Of("--range", () => _ = Histogram),
                () => base.Validate());
    }
}
