namespace ConvLens.Imaging;

/// <summary>Layout and labelling of a <see cref="Mosaic"/>: title, per-tile captions, grid shape, tile size and colours.</summary>
public sealed record MosaicOptions
{
    /// <summary>A line of text drawn across the top; none when null or empty.</summary>
    public string? Title { get; init; }

    /// <summary>One caption per tile, drawn under it; when null, no caption band is reserved.</summary>
    public IReadOnlyList<string>? Captions { get; init; }

    /// <summary>Number of columns; when null, <c>ceil(sqrt(tiles))</c>.</summary>
    public int? Columns { get; init; }

    /// <summary>Side of the square cell each tile is scaled to fit (aspect kept); when null, tiles keep their size.</summary>
    public int? TileSize { get; init; }

    /// <summary>Scale tiles with nearest-neighbour sampling: crisp blocks for tiny kernels and feature maps.</summary>
    public bool NearestNeighbour { get; init; }

    /// <summary>Space in pixels around and between cells.</summary>
    public int Padding { get; init; } = 4;

    /// <summary>Caption font size in pixels; the title is 1.4 times larger. When null, about a tenth of the cell width, 10 to 16.</summary>
    public float? FontSize { get; init; }

    /// <summary>Background colour; white by default.</summary>
    public (byte R, byte G, byte B) Background { get; init; } = (255, 255, 255);

    /// <summary>Text colour; black by default.</summary>
    public (byte R, byte G, byte B) TextColor { get; init; } = (0, 0, 0);
}
