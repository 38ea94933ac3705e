using SkiaSharp;

namespace ConvLens.Imaging;

/// <summary>The geometry of a mosaic: grid shape, cell size, text bands and where each tile lands.</summary>
internal sealed record MosaicLayout(
    int Columns, int Rows, int CellWidth, int CellHeight, int Padding,
    int TitleBand, int CaptionBand, float TitleFontSize, float CaptionFontSize, bool ScaleToFit)
{
    /// <summary>Total width in pixels.</summary>
    public int Width => (Columns * CellWidth) + ((Columns + 1) * Padding);

    /// <summary>Total height in pixels.</summary>
    public int Height => TitleBand + (Rows * (CellHeight + CaptionBand)) + ((Rows + 1) * Padding);

    /// <summary>Computes the layout and validates the options against the tiles.</summary>
    public static MosaicLayout For(IReadOnlyList<RgbImage> tiles, MosaicOptions options)
    {
        if (tiles.Count == 0)
        {
            throw new ArgumentException("a mosaic needs at least one tile", nameof(tiles));
        }

        if (options.Captions is { } captions && captions.Count != tiles.Count)
        {
            throw new ArgumentException($"expected one caption per tile ({tiles.Count}), got {captions.Count}", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.Padding);
        var columns = Math.Clamp(options.Columns ?? (int)Math.Ceiling(Math.Sqrt(tiles.Count)), 1, tiles.Count);
        var rows = (tiles.Count + columns - 1) / columns;
        var cellWidth = options.TileSize ?? tiles.Max(t => t.Width);
        var cellHeight = options.TileSize ?? tiles.Max(t => t.Height);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellWidth, 1);

        var captionFont = options.FontSize ?? Math.Clamp(cellWidth / 10f, 10f, 16f);
        var titleFont = captionFont * 1.4f;
        var titleBand = string.IsNullOrEmpty(options.Title) ? 0 : (int)Math.Ceiling(titleFont * 1.6f);
        var captionBand = options.Captions is null ? 0 : (int)Math.Ceiling(captionFont * 1.5f);
        return new MosaicLayout(columns, rows, cellWidth, cellHeight, options.Padding, titleBand, captionBand, titleFont, captionFont, options.TileSize is not null);
    }

    /// <summary>The cell rectangle (tile area, without its caption band) of tile <paramref name="index"/>.</summary>
    public SKRect Cell(int index)
    {
        int column = index % Columns, row = index / Columns;
        float left = Padding + (column * (CellWidth + Padding));
        float top = TitleBand + Padding + (row * (CellHeight + CaptionBand + Padding));
        return new SKRect(left, top, left + CellWidth, top + CellHeight);
    }

    /// <summary>Where the tile is drawn inside its cell: centred, and scaled to fit (aspect kept) when a tile size is set.</summary>
    public SKRect TileRect(SKRect cell, RgbImage tile)
    {
        var scale = ScaleToFit ? Math.Min((float)CellWidth / tile.Width, (float)CellHeight / tile.Height) : 1f;
        float w = tile.Width * scale, h = tile.Height * scale;
        var left = MathF.Round(cell.MidX - (w / 2));
        var top = MathF.Round(cell.MidY - (h / 2));
        return new SKRect(left, top, left + w, top + h);
    }
}
