using SkiaSharp;

namespace ConvLens.Imaging;

/// <summary>Lays out many small images in a labelled grid: an optional title on top and a caption under each tile.</summary>
public static class Mosaic
{
    /// <summary>Composes the tiles row by row into one image.</summary>
    /// <param name="tiles">One or more images; each is centred in its cell and scaled to fit when a tile size is set.</param>
    /// <param name="options">Layout and labels; see <see cref="MosaicOptions"/>.</param>
    /// <returns>
    /// An image of width <c>columns * cell + (columns + 1) * padding</c> and height
    /// <c>titleBand + rows * (cell + captionBand) + (rows + 1) * padding</c>, where the bands are
    /// <c>ceil(1.6 * titleFont)</c> and <c>ceil(1.5 * captionFont)</c> when present, else 0.
    /// </returns>
    /// <exception cref="ArgumentException">No tiles, or a caption count that differs from the tile count.</exception>
    public static RgbImage Compose(IReadOnlyList<RgbImage> tiles, MosaicOptions options)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(options);
        var layout = MosaicLayout.For(tiles, options);

        var info = new SKImageInfo(layout.Width, layout.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(ToSk(options.Background));
            var sampling = options.NearestNeighbour
                ? new SKSamplingOptions(SKFilterMode.Nearest)
                : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
            using var textPaint = new SKPaint { Color = ToSk(options.TextColor), IsAntialias = true };
            using var captionFont = new SKFont(EmbeddedFonts.Regular, layout.CaptionFontSize) { Edging = SKFontEdging.Antialias };
            using var titleFont = new SKFont(EmbeddedFonts.Regular, layout.TitleFontSize) { Edging = SKFontEdging.Antialias };

            if (layout.TitleBand > 0)
            {
                var title = Fit(options.Title!, titleFont, layout.Width - (2 * options.Padding));
                canvas.DrawText(title, layout.Width / 2f, options.Padding + (layout.TitleBand * 0.72f), SKTextAlign.Center, titleFont, textPaint);
            }

            for (var i = 0; i < tiles.Count; i++)
            {
                var cell = layout.Cell(i);
                using (var tile = SkiaPixels.ToBitmap(tiles[i]))
                using (var image = SKImage.FromBitmap(tile))
                {
                    canvas.DrawImage(image, layout.TileRect(cell, tiles[i]), sampling);
                }

                if (options.Captions is { } captions && layout.CaptionBand > 0)
                {
                    var text = Fit(captions[i], captionFont, layout.CellWidth);
                    var baseline = cell.Bottom + (layout.CaptionBand * 0.75f);
                    canvas.DrawText(text, cell.MidX, baseline, SKTextAlign.Center, captionFont, textPaint);
                }
            }
        }

        return SkiaPixels.ToRgbImage(bitmap);
    }

    private static SKColor ToSk((byte R, byte G, byte B) c) => new(c.R, c.G, c.B);

    // Cut long labels with an ellipsis rather than letting them run into the neighbouring cell.
    private static string Fit(string text, SKFont font, float maxWidth)
    {
        if (font.MeasureText(text) <= maxWidth)
        {
            return text;
        }

        for (var length = text.Length - 1; length > 0; length--)
        {
            var candidate = string.Concat(text.AsSpan(0, length).TrimEnd(), "…");
            if (font.MeasureText(candidate) <= maxWidth)
            {
                return candidate;
            }
        }

        return string.Empty;
    }
}
