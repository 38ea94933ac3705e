using TorchSharp;

namespace ConvLens.Imaging;

/// <summary>A managed 2-D map of floats (a saliency map, a CAM, one feature map), row-major from the top-left.</summary>
public sealed class Heatmap
{
    /// <summary>Wraps row-major values (not copied) as a map.</summary>
    /// <param name="width">Width, at least 1.</param>
    /// <param name="height">Height, at least 1.</param>
    /// <param name="values">Exactly <c>width * height</c> values; value (x, y) is at <c>y * width + x</c>.</param>
    /// <exception cref="ArgumentException">The number of values does not match the size.</exception>
    public Heatmap(int width, int height, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != checked(width * height))
        {
            throw new ArgumentException($"expected {width * height} values for a {width}x{height} map, got {values.Length}", nameof(values));
        }

        Width = width;
        Height = height;
        Values = values;
    }

    /// <summary>Width of the map.</summary>
    public int Width { get; }

    /// <summary>Height of the map.</summary>
    public int Height { get; }

    /// <summary>The values, row-major.</summary>
#pragma warning disable CA1819 // Raw access is the purpose: renderers and encoders read the buffer directly.
    public float[] Values { get; }
#pragma warning restore CA1819

    /// <summary>Reads the value at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public float this[int x, int y] => Values[(y * Width) + x];

    /// <summary>Copies a 2-D array indexed [row, column] into a map.</summary>
    public static Heatmap FromArray(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int h = values.GetLength(0), w = values.GetLength(1);
        var flat = new float[w * h];
        Buffer.BlockCopy(values, 0, flat, 0, flat.Length * sizeof(float));
        return new Heatmap(w, h, flat);
    }

    /// <summary>Copies a tensor of shape [H,W], [1,H,W] or [1,1,H,W] (any float dtype, any device) into a map.</summary>
    /// <exception cref="ArgumentException">The tensor has another shape.</exception>
    public static Heatmap FromTensor(torch.Tensor map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var shape = map.shape;
        if (shape.Length < 2 || shape.Length > 4 || shape[..^2].Any(d => d != 1))
        {
            throw new ArgumentException($"expected a map of shape [H,W], [1,H,W] or [1,1,H,W], got [{string.Join(",", shape)}]", nameof(map));
        }

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var values = map.detach().reshape(shape[^2], shape[^1]).to(torch.float32).cpu().contiguous().data<float>().ToArray();
        return new Heatmap((int)shape[^1], (int)shape[^2], values);
    }

    /// <summary>Returns the map min-max scaled to [0, 1]; a constant map gives all zeros and non-finite values give 0.</summary>
    public Heatmap Normalized()
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in Values)
        {
            if (float.IsFinite(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        var range = max - min;
        var result = new float[Values.Length];
        if (!(range > 0) || !float.IsFinite(range))
        {
            return new Heatmap(Width, Height, result);
        }

        for (var i = 0; i < result.Length; i++)
        {
            result[i] = float.IsFinite(Values[i]) ? (Values[i] - min) / range : 0f;
        }

        return new Heatmap(Width, Height, result);
    }

    /// <summary>Resamples the map to a new size with bilinear interpolation (pixel centres aligned, edges clamped).</summary>
    public Heatmap ResizedBilinear(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (width == Width && height == Height)
        {
            return new Heatmap(width, height, (float[])Values.Clone());
        }

        var result = new float[width * height];
        double sx = (double)Width / width, sy = (double)Height / height;
        for (var y = 0; y < height; y++)
        {
            // Same sampling as torch's interpolate(mode: bilinear, align_corners: false).
            var fy = Math.Clamp(((y + 0.5) * sy) - 0.5, 0, Height - 1);
            var y0 = (int)fy;
            var y1 = Math.Min(y0 + 1, Height - 1);
            var wy = fy - y0;
            for (var x = 0; x < width; x++)
            {
                var fx = Math.Clamp(((x + 0.5) * sx) - 0.5, 0, Width - 1);
                var x0 = (int)fx;
                var x1 = Math.Min(x0 + 1, Width - 1);
                var wx = fx - x0;
                var top = (this[x0, y0] * (1 - wx)) + (this[x1, y0] * wx);
                var bottom = (this[x0, y1] * (1 - wx)) + (this[x1, y1] * wx);
                result[(y * width) + x] = (float)((top * (1 - wy)) + (bottom * wy));
            }
        }

        return new Heatmap(width, height, result);
    }
}
