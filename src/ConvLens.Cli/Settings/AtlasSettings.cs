using System.ComponentModel;
using System.Globalization;
using ConvLens.Visualize.Atlas;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens atlas</c>.</summary>
public sealed class AtlasSettings : DatasetJobSettings
{
    [CommandOption("--units <LIST>")]
    [Description("Units (channels) of each layer: 'all', a range '0-63', a list '0,5,9' or a mix '0-7,12'. Default: all.")]
    [DefaultValue("all")]
    public string UnitsText { get; init; } = "all";

    [CommandOption("--top <K>")]
    [Description("Dataset exemplars shown per unit, the K that excite it most and the K that excite it least. Default: 9.")]
    [DefaultValue(9)]
    public int Top { get; init; } = 9;

    [CommandOption("--steps <N>")]
    [Description("Optimisation steps of each unit's maximized image (Fourier, decorrelated, standard transforms); 0 for none. Default: 192.")]
    [DefaultValue(192)]
    public int Steps { get; init; } = 192;

    [CommandOption("--image-size <PX>")]
    [Description("Side of the maximized images. Default: 128.")]
    [DefaultValue(128)]
    public int ImageSize { get; init; } = 128;

    [CommandOption("--upsample <PX>")]
    [Description("Square side the model sees the maximized images at (0: as transformed). Default: the image size when the model accepts it, else the model's input size.")]
    public int? Upsample { get; init; }

    /// <summary>The chosen units, or null for all.</summary>
    public IReadOnlyList<int>? Units => ParseUnits(UnitsText);

    /// <summary>The atlas options these settings give.</summary>
    public AtlasOptions Options => new()
    {
        Units = Units, Top = Top, MaximizeSteps = Steps, MaximizeSize = ImageSize, MaximizeUpsampleTo = Upsample, Seed = Seed, BatchSize = Batch,
    };

    public override ValidationResult Validate()
    {
        if (Top is < 1 or > 100 || Steps is < 0 or > 100_000 || ImageSize is < 8 or > 1024)
        {
            return ValidationResult.Error($"--top must be 1..100, --steps 0..100000 and --image-size 8..1024, got {Top}, {Steps} and {ImageSize}");
        }

        if (Upsample is < 0 or (> 0 and < 8) or > 2048)
        {
            return ValidationResult.Error($"--upsample must be 0 (feed the transformed image as is) or 8..2048 pixels, got {Upsample}");
        }

        // The atlas crops exemplars to a receptive field, which token layers do not have; it reads [N,C,H,W] layers only.
        if (TokenLayout is not null)
        {
            return ValidationResult.Error("the atlas reads [N,C,H,W] layers only; --tokens and --layout are accepted by cam, maps, stats and maximize");
        }

        return OptionValidation.FirstError(() => OptionValidation.Of("--units", () => _ = Units), () => base.Validate());
    }

    /// <summary>Parses "all", "0-63", "0,5,9" or "0-7,12" (null means all).</summary>
    /// <exception cref="ConvLensException">The text is none of those.</exception>
    public static IReadOnlyList<int>? ParseUnits(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var units = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length is 1 or 2 && ends.All(e => int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                var (from, to) = (int.Parse(ends[0], CultureInfo.InvariantCulture), int.Parse(ends[^1], CultureInfo.InvariantCulture));
                if (from <= to && to - from < 100_000)
                {
                    units.UnionWith(Enumerable.Range(from, to - from + 1));
                    continue;
                }
            }

            throw new ConvLensException($"units must be 'all', a range such as 0-63, a list such as 0,5,9 or a mix such as 0-7,12; got '{text}'");
        }

        return [.. units];
    }
}
