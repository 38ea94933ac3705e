using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution;

/// <summary>
/// Where the model's input came from in the user's picture (resize and centre crop), so maps computed at the input
/// size can be laid back onto the original image.
/// </summary>
/// <param name="OriginalHeight">Height of the user's picture.</param>
/// <param name="OriginalWidth">Width of the user's picture.</param>
/// <param name="CropTop">Top of the region the model saw, in original pixels.</param>
/// <param name="CropLeft">Left of the region the model saw, in original pixels.</param>
/// <param name="CropHeight">Height of that region in original pixels.</param>
/// <param name="CropWidth">Width of that region in original pixels.</param>
public sealed record ImageGeometry(int OriginalHeight, int OriginalWidth, double CropTop, double CropLeft, double CropHeight, double CropWidth)
{
    /// <summary>The geometry of <paramref name="preprocessing"/> applied to a picture of the given size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive size.</exception>
    public static ImageGeometry For(Preprocessing preprocessing, int originalHeight, int originalWidth)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        ArgumentOutOfRangeException.ThrowIfLessThan(originalHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(originalWidth, 1);
        if (preprocessing.Resize == ResizeMode.Stretch)
        {
            return new ImageGeometry(originalHeight, originalWidth, 0, 0, originalHeight, originalWidth);
        }

        // Shorter side to ResizeShorterTo, then a centre crop of Height x Width; mapped back by the same scale.
        var scale = (double)preprocessing.ResizeShorterTo / Math.Min(originalHeight, originalWidth);
        var resizedH = Math.Round(originalHeight * scale);
        var resizedW = Math.Round(originalWidth * scale);
        var top = Math.Round((resizedH - preprocessing.Height) / 2.0);
        var left = Math.Round((resizedW - preprocessing.Width) / 2.0);
        return new ImageGeometry(
            originalHeight, originalWidth, top / scale, left / scale, preprocessing.Height / scale, preprocessing.Width / scale);
    }

    /// <summary>
    /// Lays a row-major <paramref name="height"/> x <paramref name="width"/> map (at the model's input size) onto the
    /// original picture with bilinear resampling; pixels outside the crop get <paramref name="outside"/>.
    /// </summary>
    /// <returns>A row-major [OriginalHeight, OriginalWidth] map.</returns>
    /// <exception cref="ArgumentException">The map's length is not height x width.</exception>
    public float[] ToOriginal(float[] map, int height, int width, float outside = 0f)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Length != height * width)
        {
            throw new ArgumentException($"map has {map.Length} values, expected {height}x{width}", nameof(map));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Sample the map at the centre of every original pixel; grid_sample's [-1,1] spans the crop's outer edges.
        var ys = (arange(OriginalHeight, dtype: float32) + 0.5f - (float)CropTop) / (float)CropHeight * 2 - 1;
        var xs = (arange(OriginalWidth, dtype: float32) + 0.5f - (float)CropLeft) / (float)CropWidth * 2 - 1;
        var gy = ys.view(-1, 1).expand(OriginalHeight, OriginalWidth);
        var gx = xs.view(1, -1).expand(OriginalHeight, OriginalWidth);
        var grid = stack([gx, gy], -1).unsqueeze(0);
        var source = tensor(map).view(1, 1, height, width);
        var sampled = nn.functional.grid_sample(source, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false).view(OriginalHeight, OriginalWidth);
        var inside = (gx.abs() <= 1) & (gy.abs() <= 1);
        return where(inside, sampled, full_like(sampled, outside)).contiguous().data<float>().ToArray();
    }

    /// <summary>Lays an <see cref="AttributionMap"/>'s normalised values onto the original picture.</summary>
    public float[] ToOriginal(AttributionMap map, float outside = 0f)
    {
        ArgumentNullException.ThrowIfNull(map);
        return ToOriginal(map.Values, map.Height, map.Width, outside);
    }
}
