using ImageMagick;
using SkiaSharp;

namespace ConvLens.Imaging;

/// <summary>Encodes images to PNG and animated GIF, and heatmaps to 16-bit grayscale PNG, in memory.</summary>
public static class ImageEncoder
{
    /// <summary>Encodes an image as a lossless 8-bit PNG.</summary>
    /// <returns>The PNG file bytes.</returns>
    public static byte[] EncodePng(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var bitmap = SkiaPixels.ToBitmap(image);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Encodes frames as an animated GIF; every frame is resized to the first frame's size.</summary>
    /// <param name="frames">One or more frames, shown in order.</param>
    /// <param name="delayMs">Time each frame is shown, in milliseconds (GIF stores hundredths of a second).</param>
    /// <param name="loop">Whether the animation repeats forever; otherwise it plays once.</param>
    /// <returns>The GIF file bytes.</returns>
    /// <exception cref="ArgumentException">There are no frames or the delay is negative.</exception>
    public static byte[] EncodeGif(IReadOnlyList<RgbImage> frames, int delayMs, bool loop = true)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfNegative(delayMs);
        if (frames.Count == 0)
        {
            throw new ArgumentException("a GIF needs at least one frame", nameof(frames));
        }

        uint width = (uint)frames[0].Width, height = (uint)frames[0].Height;
        using var collection = new MagickImageCollection();
        foreach (var frame in frames)
        {
            var image = new MagickImage(frame.Pixels, new PixelReadSettings((uint)frame.Width, (uint)frame.Height, StorageType.Char, PixelMapping.RGB));
            if (image.Width != width || image.Height != height)
            {
                image.Resize(new MagickGeometry(width, height) { IgnoreAspectRatio = true });
            }

            image.AnimationDelay = (uint)Math.Round(delayMs / 10.0);
            // GIF's loop count: 0 repeats forever, 1 plays once.
            image.AnimationIterations = loop ? 0u : 1u;
            image.GifDisposeMethod = GifDisposeMethod.None;
            collection.Add(image);
        }

        return collection.ToByteArray(MagickFormat.Gif);
    }

    /// <summary>Encodes a heatmap's raw values as a 16-bit grayscale PNG, min-max scaled to 0..65535.</summary>
    /// <remarks>Written by our own PNG writer: the Q8 build of Magick.NET keeps only 8 bits per channel.</remarks>
    /// <returns>The PNG file bytes; a constant map gives all zeros.</returns>
    public static byte[] EncodePng16(Heatmap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var normalized = map.Normalized().Values;
        var samples = new ushort[normalized.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (ushort)Math.Round(normalized[i] * 65535.0);
        }

        return Png16Writer.EncodeGray16(map.Width, map.Height, samples);
    }
}
