using System.ComponentModel;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Targets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens sanity</c>.</summary>
public sealed class SanitySettings : ModelSettings
{
    [CommandArgument(1, "<IMAGE>")]
    [Description("One or more photos to explain (PNG, JPEG, WebP, BMP).")]
    public string[] Images { get; init; } = [];

    [CommandOption("--method <METHODS>")]
    [Description("The method under test (see METHODS below). Default: grad-cam.")]
    [DefaultValue("grad-cam")]
    public string Method { get; init; } = "grad-cam";

    [CommandOption("--target <TARGET>")]
    [Description("What to explain (one target, see TARGET below). Default: auto (the top output).")]
    [DefaultValue("auto")]
    public string Target { get; init; } = "auto";

    [CommandOption("--layer <LAYER>")]
    [Description("Layer (name or alias) a CAM method explains. Default: the last spatial layer before pooling; on transformers the last block's norm; on detectors with score and box outputs the deepest layer every score depends on (see docs/architectures.md).")]
    public string? Layer { get; init; }

    [CommandOption("--steps <N>")]
    [Description("Randomise at most N weight layers, from the top. Default: all of them.")]
    public int? Steps { get; init; }

    [CommandOption("--colormap <COLORMAP>")]
    [Description("Colormap of the strip (see COLORMAP below).")]
    [DefaultValue("viridis")]
    public string Colormap { get; init; } = "viridis";

    protected override IEnumerable<string> LayerOptions => Layer is null ? [] : [Layer];

    /// <inheritdoc/>
    protected override string? NeedsGradients => AttributionMethods.Create(Method).UsesGradients ? $"method {Method}" : null;

    public override ValidationResult Validate()
    {
        if (Images.Length == 0)
        {
            return ValidationResult.Error("give at least one IMAGE to explain");
        }

        if (Steps is < 1)
        {
            return ValidationResult.Error($"--steps must be at least 1, got {Steps}");
        }

        if (Target.Contains(',', StringComparison.Ordinal))
        {
            return ValidationResult.Error($"--target takes one target here, got '{Target}'; forms: {TargetSpec.Syntax}");
        }

        return OptionValidation.FirstError(
            () => OptionValidation.Of("--method", () => AttributionMethods.Create(Method)),
            () => OptionValidation.Of("--colormap", () => ConvLens.Imaging.Colormaps.Get(Colormap)),
            () => base.Validate());
    }
}
