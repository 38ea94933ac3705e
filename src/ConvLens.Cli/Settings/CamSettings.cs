using System.ComponentModel;
using ConvLens.Imaging;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Targets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens cam</c>.</summary>
public sealed class CamSettings : ModelSettings
{
    [CommandArgument(1, "<IMAGE>")]
    [Description("One or more photos to explain (PNG, JPEG, WebP, BMP).")]
    public string[] Images { get; init; } = [];

    [CommandOption("--layer <LAYER>")]
    [Description("Layer (name or alias) the CAM methods explain. Default: the last spatial layer before pooling.")]
    public string? Layer { get; init; }

    [CommandOption("--target <TARGET>")]
    [Description("What to explain, comma-separated: " + TargetSpec.Syntax + ". Default: auto (the top output).")]
    [DefaultValue("auto")]
    public string Target { get; init; } = "auto";

    [CommandOption("--method <METHODS>")]
    [Description("Comma-separated method ids (see `convlens cam --help` for the list; hyphens optional). Default: grad-cam.")]
    [DefaultValue("grad-cam")]
    public string Method { get; init; } = "grad-cam";

    [CommandOption("--metrics")]
    [Description("Also compute deletion / insertion AUCs and their random-order baselines (slower).")]
    public bool Metrics { get; init; }

    [CommandOption("--colormap <NAME>")]
    [Description("Heatmap colormap: viridis, magma, inferno, jet or gray.")]
    [DefaultValue("viridis")]
    public string Colormap { get; init; } = "viridis";

    [CommandOption("--alpha <ALPHA>")]
    [Description("Opacity of the heatmap over the photo, 0..1 (with --overlay weighted: the opacity of the hottest pixels).")]
    [DefaultValue(0.6)]
    public double Alpha { get; init; } = 0.6;

    [CommandOption("--overlay <MODE>")]
    [Description("weighted (default): colour only where the map is hot, the photo stays readable; uniform: tint the whole photo.")]
    [DefaultValue("weighted")]
    public string Overlay { get; init; } = "weighted";

    /// <summary>The methods, split.</summary>
    public IReadOnlyList<string> MethodIds => Split(Method);

    /// <summary>The targets, split.</summary>
    public IReadOnlyList<string> TargetSpecs => Split(Target);

    public override ValidationResult Validate()
    {
        if (Images.Length == 0)
        {
            return ValidationResult.Error("give at least one IMAGE to explain");
        }

        if (Overlay is not ("weighted" or "uniform"))
        {
            return ValidationResult.Error($"--overlay must be weighted or uniform, got '{Overlay}'");
        }

        if (Alpha is < 0 or > 1)
        {
            return ValidationResult.Error($"--alpha must be between 0 and 1, got {Alpha}");
        }

        var unknown = MethodIds.FirstOrDefault(m => !AttributionMethods.Ids.Any(id => Squash(id) == Squash(m)));
        if (unknown is not null)
        {
            return ValidationResult.Error($"unknown method '{unknown}' in --method; choose from: {string.Join(", ", AttributionMethods.Ids)}");
        }

        return Colormaps.Ids.Contains(Colormap, StringComparer.OrdinalIgnoreCase)
            ? base.Validate()
            : ValidationResult.Error($"unknown --colormap '{Colormap}'; choose from: {string.Join(", ", Colormaps.Ids)}");
    }

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Squash(string id) => id.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}
