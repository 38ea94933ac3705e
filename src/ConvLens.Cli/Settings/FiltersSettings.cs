using System.ComponentModel;
using ConvLens.Imaging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens filters</c>.</summary>
public sealed class FiltersSettings : ModelSettings
{
    [CommandOption("-l|--layer <LAYER>")]
    [Description("A convolution layer (name or alias). First layers (3 inputs) are drawn as RGB tiles.")]
    public string? Layer { get; init; }

    [CommandOption("--count <N>")]
    [Description("How many filters to draw, from filter 0. Default: 64.")]
    [DefaultValue(64)]
    public int Count { get; init; } = 64;

    [CommandOption("--inputs <N>")]
    [Description("Deeper layers: input-channel kernels per filter strip. Default: 16.")]
    [DefaultValue(16)]
    public int Inputs { get; init; } = 16;

    [CommandOption("--colormap <COLORMAP>")]
    [Description("Colormap of the L2-norm heat strip (see COLORMAP below).")]
    [DefaultValue("viridis")]
    public string Colormap { get; init; } = "viridis";

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Layer))
        {
            return ValidationResult.Error("give --layer (a convolution; see `convlens inspect MODEL`)");
        }

        return Count < 1 || Inputs < 1
            ? ValidationResult.Error($"--count and --inputs must be at least 1, got {Count} and {Inputs}")
            : OptionValidation.FirstError(() => OptionValidation.Of("--colormap", () => Colormaps.Get(Colormap)), () => base.Validate());
    }

    protected override IEnumerable<string> LayerOptions => Layer is null ? [] : [Layer];
}
