using System.ComponentModel;
using ConvLens.Imaging;
using ConvLens.Visualize.FeatureMaps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens maps</c>.</summary>
public sealed class MapsSettings : LayerLayoutSettings
{
    [CommandArgument(1, "<IMAGE>")]
    [Description("The picture (PNG, JPEG, WebP or BMP); it is resized as the model expects.")]
    public string Image { get; init; } = string.Empty;

    [CommandOption("-l|--layer <LAYER>")]
    [Description("Layer name or alias (repeat for several layers; one forward pass). See `convlens inspect MODEL`.")]
    public string[] Layers { get; init; } = [];

    [CommandOption("--channels <RANGE>")]
    [Description("Channels to show, FIRST-LAST (e.g. 0-15). Default: all.")]
    public string? Channels { get; init; }

    [CommandOption("--top <K>")]
    [Description("Show the K channels with the largest mean activation instead of a range.")]
    public int? Top { get; init; }

    [CommandOption("--norm <MODE>")]
    [Description("Colour scale per tile: channel (each its own min..max) or layer (shared, comparable). Default: channel.")]
    [DefaultValue("channel")]
    [TypeConverter(typeof(ChoiceConverter<FeatureMapNorm>))]
    public FeatureMapNorm Norm { get; init; } = FeatureMapNorm.Channel;

    [CommandOption("--colormap <COLORMAP>")]
    [Description("Colormap of the tiles and the overlay (see COLORMAP below).")]
    [DefaultValue("viridis")]
    public string Colormap { get; init; } = "viridis";

    [CommandOption("--tile <PIXELS>")]
    [Description("Tile edge in the grid, in pixels. Default: 96.")]
    [DefaultValue(96)]
    public int Tile { get; init; } = 96;

    [CommandOption("--npy")]
    [Description("Also write each layer's shown channels as LAYER-maps.npy (float32, NumPy format 1.0, C order, [[C,H,W]] raw activations).")]
    public bool Npy { get; init; }

    /// <summary>The channels to show, from <see cref="Top"/> or <see cref="Channels"/>.</summary>
    public ChannelSelection Selection =>
        Top is { } k ? ChannelSelection.TopK(k)
        : Channels is { } range ? ChannelSelection.ParseRange(range)
        : ChannelSelection.All;

    protected override IEnumerable<string> LayerOptions => Layers;

    public override ValidationResult Validate()
    {
        if (Layers.Length == 0)
        {
            return ValidationResult.Error("give at least one --layer (see `convlens inspect MODEL` for names)");
        }

        if (Top is not null && Channels is not null)
        {
            return ValidationResult.Error("use either --channels or --top, not both");
        }

        return Tile is < 4 or > 1024
            ? ValidationResult.Error($"--tile must be between 4 and 1024, got {Tile}")
            : OptionValidation.FirstError(
                () => OptionValidation.Of(Top is null ? "--channels" : "--top", () => _ = Selection),
                () => OptionValidation.Of("--colormap", () => Colormaps.Get(Colormap)),
                () => base.Validate());
    }
}
