using System.ComponentModel;
using ConvLens.Imaging;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Targets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens cam</c>.</summary>
public sealed class CamSettings : LayerLayoutSettings
{
    [CommandArgument(1, "<IMAGE>")]
    [Description("One or more photos to explain (PNG, JPEG, WebP, BMP).")]
    public string[] Images { get; init; } = [];

    [CommandOption("--layer <LAYER>")]
    [Description("Layer (name or alias) the CAM methods explain. Default: the last spatial layer before pooling.")]
    public string? Layer { get; init; }

    [CommandOption("--target <TARGET>")]
    [Description("What to explain, comma-separated (see TARGET below). Default: auto (the top output).")]
    [DefaultValue("auto")]
    public string Target { get; init; } = "auto";

    [CommandOption("--method <METHODS>")]
    [Description("Comma-separated method ids (see METHODS below; hyphens optional). Default: grad-cam.")]
    [DefaultValue("grad-cam")]
    public string Method { get; init; } = "grad-cam";

    [CommandOption("--metrics")]
    [Description("Also compute deletion / insertion AUCs and their random-order baselines (slower).")]
    public bool Metrics { get; init; }

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

    /// <summary>The methods, split.</summary>
    public IReadOnlyList<string> MethodIds => Split(Method);

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

        return OptionValidation.FirstError(
            () => OptionValidation.Of("--method", () => _ = MethodIds.Select(AttributionMethods.Create).ToList()),
            () => OptionValidation.Of("--colormap", () => Colormaps.Get(Colormap)),
            () => base.Validate());
    }

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
