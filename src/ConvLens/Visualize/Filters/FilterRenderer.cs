using ConvLens.Imaging;

namespace ConvLens.Visualize.Filters;

/// <summary>Turns filter kernels into images: RGB tiles for first layers, grayscale strips and norm heat strips for deeper ones.</summary>
/// <remarks>
/// Weights are normalised symmetrically around zero with the layer's largest |weight|, so 0 is mid grey, positive
/// weights are brighter and negative ones darker, and filters can be compared with each other. Upscaling is
/// nearest-neighbour so each weight stays a crisp square.
/// </remarks>
public static class FilterRenderer
{
    /// <summary>A kernel with 3 input channels as an RGB tile, each weight a <paramref name="scale"/>-pixel square.</summary>
    /// <exception cref="ArgumentException">The filter does not have 3 input channels.</exception>
    public static RgbImage RgbTile(FilterWeightsResult layer, FilterKernel filter, int scale)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        if (!layer.IsRgb)
        {
            throw new ArgumentException($"RGB tiles need 3 input channels, the layer has {layer.InChannels}", nameof(layer));
        }

        int kh = layer.KernelHeight, kw = layer.KernelWidth, plane = kh * kw;
        var image = new RgbImage(kw * scale, kh * scale);
        for (var y = 0; y < kh * scale; y++)
        {
            for (var x = 0; x < kw * scale; x++)
            {
                var k = ((y / scale) * kw) + (x / scale);
                image.SetPixel(x, y, (
                    ToByte(filter.Weights[k], layer.MaxAbs),
                    ToByte(filter.Weights[plane + k], layer.MaxAbs),
                    ToByte(filter.Weights[(2 * plane) + k], layer.MaxAbs)));
            }
        }

        return image;
    }

    /// <summary>A filter's per-input-channel kernels side by side in grayscale (1-pixel dark gaps), up to <paramref name="maxInputs"/> inputs.</summary>
    public static RgbImage GrayStrip(FilterWeightsResult layer, FilterKernel filter, int scale, int maxInputs = 64)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        int kh = layer.KernelHeight, kw = layer.KernelWidth, plane = kh * kw;
        var inputs = Math.Min(layer.InChannels, Math.Max(1, maxInputs));
        var cell = kw * scale;
        var image = new RgbImage((inputs * (cell + 1)) - 1, kh * scale);
        for (var i = 0; i < inputs; i++)
        {
            for (var y = 0; y < kh * scale; y++)
            {
                for (var x = 0; x < cell; x++)
                {
                    var v = ToByte(filter.Weights[(i * plane) + ((y / scale) * kw) + (x / scale)], layer.MaxAbs);
                    image.SetPixel((i * (cell + 1)) + x, y, (v, v, v));
                }
            }
        }

        return image;
    }

    /// <summary>One row per filter, one column per input channel, coloured by the L2 norm of that kernel slice.</summary>
    public static RgbImage NormHeatStrip(FilterWeightsResult layer, Colormap colormap, int cell = 4)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(colormap);
        ArgumentOutOfRangeException.ThrowIfLessThan(cell, 1);
        var rows = Math.Max(1, layer.Filters.Count);
        var max = layer.Filters.Count == 0 ? 0 : layer.Filters.Max(f => f.InputNorms.DefaultIfEmpty(0).Max());
        var image = new RgbImage(layer.InChannels * cell, rows * cell);
        for (var f = 0; f < layer.Filters.Count; f++)
        {
            for (var i = 0; i < layer.InChannels; i++)
            {
                var color = colormap.Map(max > 0 ? layer.Filters[f].InputNorms[i] / max : 0);
                for (var y = 0; y < cell; y++)
                {
                    for (var x = 0; x < cell; x++)
                    {
                        image.SetPixel((i * cell) + x, (f * cell) + y, color);
                    }
                }
            }
        }

        return image;
    }

    /// <summary>All filters of a first layer as RGB tiles in a captioned grid (filter index under each tile).</summary>
    public static RgbImage RgbSheet(FilterWeightsResult layer, int tileSize = 56)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var scale = Math.Max(1, tileSize / Math.Max(layer.KernelHeight, layer.KernelWidth));
        return Mosaic.Compose([.. layer.Filters.Select(f => RgbTile(layer, f, scale))], new MosaicOptions
        {
            Title = $"{layer.DisplayName}: {layer.Filters.Count} of {layer.OutChannels} filters, {layer.KernelHeight}x{layer.KernelWidth}x3 (grey = 0, scale ±{layer.MaxAbs:G3})",
            Captions = [.. layer.Filters.Select(f => f.Index.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            NearestNeighbour = true,
        });
    }

    /// <summary>Deeper filters: one grayscale strip per filter (its first <paramref name="maxInputs"/> input kernels), one per row.</summary>
    public static RgbImage GrayStripSheet(FilterWeightsResult layer, int scale = 6, int maxInputs = 16)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var shownInputs = Math.Min(layer.InChannels, maxInputs);
        return Mosaic.Compose([.. layer.Filters.Select(f => GrayStrip(layer, f, scale, maxInputs))], new MosaicOptions
        {
            Title = $"{layer.DisplayName}: kernels of inputs 0-{shownInputs - 1} of {layer.InChannels} (grey = 0, scale ±{layer.MaxAbs:G3})",
            Captions = [.. layer.Filters.Select(f => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"filter {f.Index}  |w| {f.Norm:G3}"))],
            Columns = 1,
            NearestNeighbour = true,
            FontSize = 11,
        });
    }

    // 0 maps to 128 (mid grey), ±maxAbs to 255/0.
    internal static byte ToByte(float weight, float maxAbs) =>
        maxAbs > 0 ? (byte)Math.Clamp(Math.Round(127.5 + (127.5 * weight / maxAbs), MidpointRounding.AwayFromZero), 0, 255) : (byte)128;
}
