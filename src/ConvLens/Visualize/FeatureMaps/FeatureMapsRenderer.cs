using System.Globalization;
using System.Text.Json;
using ConvLens.Imaging;
using ConvLens.Models;

namespace ConvLens.Visualize.FeatureMaps;

/// <summary>Draws feature maps: a labelled grid per layer and the mean activation over the image; also a JSON summary.</summary>
public static class FeatureMapsRenderer
{
    /// <summary>A grid with one tile per chosen channel, captioned with the channel index and its max.</summary>
    /// <param name="result">One layer's maps.</param>
    /// <param name="norm">Per-channel or layer-wide colour scaling.</param>
    /// <param name="colormap">The colormap.</param>
    /// <param name="tileSize">Tile edge in pixels; maps are upscaled with nearest neighbour so each activation stays a visible cell.</param>
    /// <param name="columns">Tiles per row, or null for a square-ish grid.</param>
    public static RgbImage Grid(FeatureMapsResult result, FeatureMapNorm norm, Colormap colormap, int tileSize = 96, int? columns = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(colormap);
        if (result.Channels.Count == 0)
        {
            throw new ConvLensException($"no channels selected for layer '{result.DisplayName}'");
        }

        var tiles = result.Channels.Select(c => Tile(result, c, norm, colormap)).ToArray();
        var captions = result.Channels.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Channel} max {c.Max:G3}")).ToArray();
        var scale = norm == FeatureMapNorm.Layer
            ? string.Create(CultureInfo.InvariantCulture, $"scale {result.LayerMin:G3}..{result.LayerMax:G3}")
            : "scale per tile";
        return Mosaic.Compose(tiles, new MosaicOptions
        {
            Title = $"{result.DisplayName} {result.Channels.Count}/{result.ChannelCount} ch {result.Height}x{result.Width}, {scale}",
            Captions = captions,
            Columns = columns,
            TileSize = tileSize,
            NearestNeighbour = true,
        });
    }

    /// <summary>One channel's map coloured at its native resolution.</summary>
    public static RgbImage Tile(FeatureMapsResult result, ChannelMap channel, FeatureMapNorm norm, Colormap colormap)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(colormap);
        var (lo, hi) = norm == FeatureMapNorm.Layer ? (result.LayerMin, result.LayerMax) : (channel.Min, channel.Max);
        return HeatmapRenderer.Render(new Heatmap(result.Width, result.Height, channel.Values), colormap, lo, hi);
    }

    /// <summary>The mean over all channels of the layer, laid back onto the photo it was computed from (<paramref name="fit"/>) and blended over it.</summary>
    /// <remarks>Heat-weighted: where the layer is quiet the photo shows as it is, so the active regions stand out.</remarks>
    public static RgbImage MeanOverlay(RgbImage photo, InputFit fit, FeatureMapsResult result, Colormap colormap, double alpha = 0.7)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(result);
        var low = result.MeanMap.Min();
        // Outside the model's window the photo stays as it is: the coldest value there.
        var onPhoto = fit.MapToPhoto(result.MeanMap, result.Height, result.Width, outside: low);
        return HeatmapRenderer.Overlay(photo, new Heatmap(photo.Width, photo.Height, onPhoto), colormap, alpha, OverlayMode.Weighted);
    }

    /// <summary>Per-layer, per-channel numbers (mean, max, min, fraction active) as indented JSON, without the maps.</summary>
    public static string Json(string model, string image, IReadOnlyList<FeatureMapsResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var doc = new
        {
            model,
            image,
            layers = results.Select(r => new
            {
                layer = r.Layer,
                displayName = r.DisplayName,
                channelCount = r.ChannelCount,
                height = r.Height,
                width = r.Width,
                layerMin = r.LayerMin,
                layerMax = r.LayerMax,
                channels = r.Channels.Select(c => new { channel = c.Channel, mean = c.Mean, max = c.Max, min = c.Min, fractionActive = c.FractionActive }),
            }),
        };
        return JsonSerializer.Serialize(doc, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
