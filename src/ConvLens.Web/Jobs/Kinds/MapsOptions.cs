namespace ConvLens.Web.Jobs.Kinds;

/// <summary>Options of a maps job, named as <c>convlens maps</c>'s.</summary>
internal sealed class MapsOptions
{
    /// <summary>Layers (names or aliases); <c>--layer</c>.</summary>
    public string[] Layers { get; set; } = [];

    /// <summary>A channel range such as <c>0-15</c>; <c>--channels</c>.</summary>
    public string? Channels { get; set; }

    /// <summary>Only the K most active channels; <c>--top</c>.</summary>
    public int? Top { get; set; }

    /// <summary><c>channel</c> or <c>layer</c> normalisation; <c>--norm</c>.</summary>
    public string Norm { get; set; } = "channel";

    /// <summary>Colormap id; <c>--colormap</c>.</summary>
    public string Colormap { get; set; } = "viridis";

    /// <summary>Tile size of the grid in pixels; <c>--tile</c>.</summary>
    public int Tile { get; set; } = 96;
}
