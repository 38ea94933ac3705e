using static TorchSharp.torch;

namespace ConvLens.Models;

/// <summary>
/// How one photo becomes the model's input, and the way back: the whole photo is resized to
/// <see cref="ResizedWidth"/> x <see cref="ResizedHeight"/>, then the <see cref="Width"/> x <see cref="Height"/> window
/// at (<see cref="CropLeft"/>, <see cref="CropTop"/>) is what the model sees. The one rule every method, command and the
/// statistics decoder use, for photos and models of any aspect ratio. A negative crop offset, or a window reaching past
/// the resized photo, is padding: those input pixels are <see cref="PadValue"/> (a letterbox).
/// </summary>
/// <param name="PhotoHeight">Height of the photo in pixels.</param>
/// <param name="PhotoWidth">Width of the photo in pixels.</param>
/// <param name="ResizedHeight">Height the whole photo is resized to.</param>
/// <param name="ResizedWidth">Width the whole photo is resized to.</param>
/// <param name="CropTop">Top of the model's window in the resized photo.</param>
/// <param name="CropLeft">Left of the model's window in the resized photo.</param>
/// <param name="Height">The model input height.</param>
/// <param name="Width">The model input width.</param>
public sealed record InputFit(int PhotoHeight, int PhotoWidth, int ResizedHeight, int ResizedWidth, int CropTop, int CropLeft, int Height, int Width)
{
    /// <summary>The fit of a <paramref name="photoWidth"/> x <paramref name="photoHeight"/> photo to <paramref name="preprocessing"/>.</summary>
    /// <remarks>
    /// <see cref="ResizeMode.Stretch"/> resizes the photo to the input size. <see cref="ResizeMode.ShorterSideThenCenterCrop"/>
    /// is torchvision's <c>Resize(S)</c> then <c>CenterCrop(H, W)</c>: the shorter side becomes S and the longer one
    /// <c>int(S * long / short)</c>, and the window is centred (<c>round((size - crop) / 2)</c>, half to even). When that
    /// resized photo would be smaller than the window on either side (a tall model and a wide photo, or S below the
    /// input size), the photo is scaled up just enough to cover the window instead, keeping its aspect ratio.
    /// <see cref="ResizeMode.Letterbox"/> is Ultralytics' <c>LetterBox(auto=False)</c>: the photo is scaled by
    /// <c>r = min(H / h, W / w)</c> to <c>round(w r)</c> x <c>round(h r)</c> and centred, with
    /// <c>round(pad / 2 - 0.1)</c> bars before it (half to even, as Python rounds).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A size below 1.</exception>
    public static InputFit For(Preprocessing preprocessing, int photoHeight, int photoWidth)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        ArgumentOutOfRangeException.ThrowIfLessThan(photoHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(photoWidth, 1);
        int h = preprocessing.Height, w = preprocessing.Width;
        if (preprocessing.Resize == ResizeMode.Stretch)
        {
            return new InputFit(photoHeight, photoWidth, h, w, 0, 0, h, w);
        }

        if (preprocessing.Resize == ResizeMode.Letterbox)
        {
            var r = Math.Min((double)h / photoHeight, (double)w / photoWidth);
            var (lh, lw) = (Math.Max(1, (int)Math.Round(photoHeight * r, MidpointRounding.ToEven)), Math.Max(1, (int)Math.Round(photoWidth * r, MidpointRounding.ToEven)));
            var barTop = (int)Math.Round(((h - lh) / 2.0) - 0.1, MidpointRounding.ToEven);
            var barLeft = (int)Math.Round(((w - lw) / 2.0) - 0.1, MidpointRounding.ToEven);
            return new InputFit(photoHeight, photoWidth, lh, lw, -barTop, -barLeft, h, w) { PadValue = preprocessing.PadValue };
        }

        long s = preprocessing.ResizeShorterTo;
        var (rh, rw) = photoHeight <= photoWidth
            ? ((int)s, (int)(s * photoWidth / photoHeight))
            : ((int)(s * photoHeight / photoWidth), (int)s);
        if (rh < h || rw < w)
        {
            var scale = Math.Max((double)h / photoHeight, (double)w / photoWidth);
            (rh, rw) = (Math.Max(h, (int)Math.Round(photoHeight * scale)), Math.Max(w, (int)Math.Round(photoWidth * scale)));
        }

        var top = (int)Math.Round((rh - h) / 2.0, MidpointRounding.ToEven);
        var left = (int)Math.Round((rw - w) / 2.0, MidpointRounding.ToEven);
        return new InputFit(photoHeight, photoWidth, rh, rw, top, left, h, w);
    }

    /// <summary>The grey level in 0..1 of input pixels outside the resized photo (see the type's summary).</summary>
    public float PadValue { get; init; }

    /// <summary>Whether some input pixels lie outside the resized photo (bars of <see cref="PadValue"/>).</summary>
    public bool Pads => CropTop < 0 || CropLeft < 0 || CropTop + Height > ResizedHeight || CropLeft + Width > ResizedWidth;

    /// <summary>The model's window in photo pixels: (top, left, height, width), fractional.</summary>
    public (double Top, double Left, double Height, double Width) WindowInPhoto
    {
        get
        {
            double sy = (double)PhotoHeight / ResizedHeight, sx = (double)PhotoWidth / ResizedWidth;
            return (CropTop * sy, CropLeft * sx, Height * sy, Width * sx);
        }
    }

    /// <summary>The photo point (x, y) that the centre of input pixel (<paramref name="x"/>, <paramref name="y"/>) shows.</summary>
    public (double X, double Y) ToPhoto(double x, double y)
    {
        var (top, left, height, width) = WindowInPhoto;
        return (left + ((x + 0.5) * width / Width), top + ((y + 0.5) * height / Height));
    }

    /// <summary>
    /// Lays a row-major <paramref name="height"/> x <paramref name="width"/> map that covers the model's input (a
    /// heatmap at input size, or a feature map at any stride) onto the photo with bilinear resampling; photo pixels
    /// outside the model's window get <paramref name="outside"/>.
    /// </summary>
    /// <returns>A row-major [PhotoHeight, PhotoWidth] map.</returns>
    /// <exception cref="ArgumentException">The map's length is not height x width.</exception>
    public float[] MapToPhoto(float[] map, int height, int width, float outside = 0f)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Length != height * width)
        {
            throw new ArgumentException($"map has {map.Length} values, expected {height}x{width}", nameof(map));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (top, left, windowHeight, windowWidth) = WindowInPhoto;
        // Sample the map at the centre of every photo pixel; grid_sample's [-1,1] spans the window's outer edges.
        var ys = (arange(PhotoHeight, dtype: float32) + 0.5f - (float)top) / (float)windowHeight * 2 - 1;
        var xs = (arange(PhotoWidth, dtype: float32) + 0.5f - (float)left) / (float)windowWidth * 2 - 1;
        var gy = ys.view(-1, 1).expand(PhotoHeight, PhotoWidth);
        var gx = xs.view(1, -1).expand(PhotoHeight, PhotoWidth);
        var grid = stack([gx, gy], -1).unsqueeze(0);
        var source = tensor(map).view(1, 1, height, width);
        var sampled = nn.functional.grid_sample(source, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false).view(PhotoHeight, PhotoWidth);
        var inside = (gx.abs() <= 1) & (gy.abs() <= 1);
        return where(inside, sampled, full_like(sampled, outside)).contiguous().data<float>().ToArray();
    }
}
