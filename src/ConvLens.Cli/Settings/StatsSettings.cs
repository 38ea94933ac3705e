using System.ComponentModel;
using System.Globalization;
using ConvLens.Visualize.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens stats</c>.</summary>
public sealed class StatsSettings : DatasetJobSettings
{
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

    [CommandOption("--npy")]
    [Description("Also write each layer's histograms as LAYER-histogram.npy ([[C,BINS]] counts) and LAYER-histogram-edges.npy ([[BINS+1]]), float32, NumPy format 1.0.")]
    public bool Npy { get; init; }

    /// <summary>The fixed histogram, or null to find the range from the data.</summary>
    public HistogramSpec? Histogram => RangeText is null ? null : HistogramSpec.Parse(RangeText, Bins);

    public override ValidationResult Validate()
    {
        if (Bins is < 1 or > 100_000)
        {
            return ValidationResult.Error($"--bins must be 1..100000, got {Bins}");
        }

        if (Exemplars is < 0 or > 10_000)
        {
            return ValidationResult.Error($"--exemplars must be 0..10000 images per channel, got {Exemplars}");
        }

        return Rare is < 0 or > 100
            ? ValidationResult.Error($"--rare must be a percentage 0..100, got {Rare.ToString(CultureInfo.InvariantCulture)}")
            : OptionValidation.FirstError(
                () => OptionValidation.Of("--range", () => _ = Histogram),
                () => base.Validate());
    }
}
