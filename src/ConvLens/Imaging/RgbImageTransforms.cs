using static TorchSharp.torch;

namespace ConvLens.Imaging;

/// <summary>Geometric verbs on an <see cref="RgbImage"/> (resize, crop, mirror), so front ends never handle tensors.</summary>
public static class RgbImageTransforms
{
    /// <summary>The image at <paramref name="width"/> x <paramref name="height"/> (bilinear, antialiased when shrinking).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size below 1.</exception>
    public static RgbImage Resized(this RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (width == image.Width && height == image.Height)
        {
            return image;
        }

        using var scope = NewDisposeScope();
        return ImageTensor.FromTensor(ImageTensor.Resize(ImageTensor.ToTensor(image), height, width));
    }

    /// <summary>The image scaled by <paramref name="factor"/> on both sides (at least 1 pixel each).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A factor that is not positive.</exception>
    public static RgbImage Scaled(this RgbImage image, double factor)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        return image.Resized(Math.Max(1, (int)Math.Round(image.Width * factor)), Math.Max(1, (int)Math.Round(image.Height * factor)));
    }

    /// <summary>The <paramref name="width"/> x <paramref name="height"/> region whose top-left pixel is (<paramref name="left"/>, <paramref name="top"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The region is empty or leaves the image.</exception>
    public static RgbImage Cropped(this RgbImage image, int left, int top, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (width < 1 || height < 1 || left < 0 || top < 0 || left + width > image.Width || top + height > image.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"region {width}x{height} at ({left},{top}) is not inside the {image.Width}x{image.Height} image");
        }

        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            Array.Copy(image.Pixels, (((top + y) * image.Width) + left) * 3, pixels, y * width * 3, width * 3);
        }

        return new RgbImage(width, height, pixels);
    }

    /// <summary>The image mirrored left to right.</summary>
    public static RgbImage Mirrored(this RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var pixels = new byte[image.Pixels.Length];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                Array.Copy(image.Pixels, ((y * image.Width) + x) * 3, pixels, ((y * image.Width) + (image.Width - 1 - x)) * 3, 3);
            }
        }

        return new RgbImage(image.Width, image.Height, pixels);
    }
}
