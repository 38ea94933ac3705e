using System.Globalization;
using ConvLens.Imaging;

namespace ConvLens.Visualize.Primer;

/// <summary>Turns a <see cref="PrimerResult"/> into pictures: the feature-map grid and the frames of the dreaming animation.</summary>
public static class PrimerRenderer
{
    /// <summary>Renders the input image and one tile per kernel's feature map, captioned, under a title.</summary>
    /// <param name="result">The primer's data.</param>
    /// <param name="colormap">Colormap of the feature maps (each min-max normalised); viridis when null.</param>
    /// <param name="tileSize">Side of each square tile in pixels; maps are upscaled with nearest neighbour.</param>
    /// <returns>One image with a 3-column grid.</returns>
    public static RgbImage RenderFeatureMaps(PrimerResult result, Colormap? colormap = null, int tileSize = 150)
    {
        ArgumentNullException.ThrowIfNull(result);
        colormap ??= Colormaps.Viridis;
        int h = result.Image.GetLength(0), w = result.Image.GetLength(1);
        var tiles = new List<RgbImage> { HeatmapRenderer.Render(Heatmap.FromArray(result.Image), Colormaps.Gray) };
        var captions = new List<string> { $"input {h}x{w}" };
        foreach (var map in result.FeatureMaps)
        {
            tiles.Add(HeatmapRenderer.Render(Heatmap.FromArray(map.Map), colormap));
            captions.Add(map.Kernel.Name);
        }

        var options = new MosaicOptions
        {
            Title = Title(result),
            Captions = captions,
            Columns = 3,
            TileSize = tileSize,
            NearestNeighbour = true,
            Padding = 8,
            FontSize = 12,
        };
        return Mosaic.Compose(tiles, options);
    }

    /// <summary>
    /// Renders one frame per dream snapshot: the pattern at step k next to the target filter, both in gray on a
    /// fixed symmetric scale (mid-gray is 0), so the pattern visibly grows into a copy of the filter.
    /// </summary>
    /// <param name="dream">The dream to animate.</param>
    /// <param name="tileSize">Side of each square tile in pixels; patterns are upscaled with nearest neighbour.</param>
    /// <returns>Frames in step order, all the same size.</returns>
    public static IReadOnlyList<RgbImage> RenderDreamFrames(FilterDreamResult dream, int tileSize = 200)
    {
        ArgumentNullException.ThrowIfNull(dream);
        var patternScale = dream.Frames.Max(f => MaxAbs(f.Pattern));
        var filterTile = Symmetric(dream.Filter, MaxAbs(dream.Filter));
        var frames = new List<RgbImage>(dream.Frames.Count);
        foreach (var frame in dream.Frames)
        {
            var options = new MosaicOptions
            {
                Title = "Dreaming the pattern a filter loves",
                Captions = [string.Create(CultureInfo.InvariantCulture, $"step {frame.Step}, response {frame.Response:0.000}"), "target filter"],
                Columns = 2,
                TileSize = tileSize,
                NearestNeighbour = true,
                Padding = 8,
                FontSize = 13,
            };
            frames.Add(Mosaic.Compose([Symmetric(frame.Pattern, patternScale), filterTile], options));
        }

        return frames;
    }

    private static string Title(PrimerResult result)
    {
        var image = $"{result.Image.GetLength(0)}x{result.Image.GetLength(1)} image";
        if (result.FeatureMaps.Count == 0)
        {
            return image;
        }

        var (kernel, map) = (result.FeatureMaps[0].Kernel.Weights, result.FeatureMaps[0].Map);
        return $"{image}, {kernel.GetLength(0)}x{kernel.GetLength(1)} kernels → {map.GetLength(0)}x{map.GetLength(1)} feature maps";
    }

    // Maps [-scale, scale] to [0, 1] so that zero is always mid-gray and signs stay readable across frames.
    private static RgbImage Symmetric(float[,] values, float scale)
    {
        var map = Heatmap.FromArray(values);
        var shifted = map.Values.Select(v => scale > 0 ? 0.5f + (v / (2 * scale)) : 0.5f).ToArray();
        return HeatmapRenderer.Render(new Heatmap(map.Width, map.Height, shifted), Colormaps.Gray, normalize: false);
    }

    private static float MaxAbs(float[,] values) => values.Cast<float>().Max(MathF.Abs);
}
