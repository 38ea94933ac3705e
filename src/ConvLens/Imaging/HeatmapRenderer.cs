namespace ConvLens.Imaging;

/// <summary>Turns heatmaps into colour images, alone or blended over a photo.</summary>
public static class HeatmapRenderer
{
    /// <summary>Colours each value of the map with the colormap.</summary>
    /// <param name="map">The map to render.</param>
    /// <param name="colormap">The colormap, e.g. <see cref="Colormaps.Viridis"/>.</param>
    /// <param name="normalize">Min-max scale the map to [0, 1] first; otherwise values are clamped to [0, 1].</param>
    /// <returns>An image the size of the map.</returns>
    public static RgbImage Render(Heatmap map, Colormap colormap, bool normalize = true)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(colormap);
        return normalize ? Render(map.Normalized(), colormap, 0, 1) : Render(map, colormap, 0, 1);
    }

    /// <summary>Colours each value with the colormap over a fixed range (e.g. shared across a layer's channels).</summary>
    /// <param name="map">The map to render.</param>
    /// <param name="colormap">The colormap.</param>
    /// <param name="low">The value shown as the colormap's start.</param>
    /// <param name="high">The value shown as its end; an empty range shows the start colour everywhere.</param>
    /// <returns>An image the size of the map.</returns>
    public static RgbImage Render(Heatmap map, Colormap colormap, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(colormap);
        var span = high - low;
        var image = new RgbImage(map.Width, map.Height);
        for (var i = 0; i < map.Values.Length; i++)
        {
            var (r, g, b) = colormap.Map(span > 0 ? (map.Values[i] - low) / span : 0);
            image.Pixels[i * 3] = r;
            image.Pixels[(i * 3) + 1] = g;
            image.Pixels[(i * 3) + 2] = b;
        }

        return image;
    }

    /// <summary>
    /// Blends the coloured map over the image: <c>(1 - alpha) * image + alpha * colour</c>. The map is resized
    /// bilinearly to the image size and min-max normalised.
    /// </summary>
    /// <param name="image">The photo underneath.</param>
    /// <param name="map">The map on top, any size.</param>
    /// <param name="colormap">The colormap for the map.</param>
    /// <param name="alpha">Opacity of the map in [0, 1]: 0 gives the image, 1 gives the rendered map.</param>
    /// <returns>A new image the size of <paramref name="image"/>.</returns>
    /// <param name="mode">Uniform opacity, or opacity <c>alpha * heat</c> so that only the hot regions are coloured.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is outside [0, 1].</exception>
    public static RgbImage Overlay(RgbImage image, Heatmap map, Colormap colormap, double alpha = 0.5, OverlayMode mode = OverlayMode.Uniform)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(map);
        if (!(alpha >= 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie in [0, 1]");
        }

        // Normalise before resizing so the colour range matches the map's own range.
        var heat = map.Normalized().ResizedBilinear(image.Width, image.Height);
        var colours = Render(heat, colormap, normalize: false);
        var result = new RgbImage(image.Width, image.Height);
        for (var i = 0; i < result.Pixels.Length; i++)
        {
            var a = mode == OverlayMode.Weighted ? alpha * Math.Clamp(heat.Values[i / 3], 0, 1) : alpha;
            var blended = ((1 - a) * image.Pixels[i]) + (a * colours.Pixels[i]);
            result.Pixels[i] = (byte)Math.Round(blended, MidpointRounding.AwayFromZero);
        }

        return result;
    }
}
