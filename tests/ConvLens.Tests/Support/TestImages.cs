using ConvLens.Imaging;

namespace ConvLens.Tests.Support;

/// <summary>Small deterministic images for imaging tests.</summary>
internal static class TestImages
{
    /// <summary>A smooth colour gradient: R grows with x, G with y, B is constant.</summary>
    public static RgbImage Gradient(int width, int height, byte blue = 96)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image.SetPixel(x, y, ((byte)(x * 255 / Math.Max(1, width - 1)), (byte)(y * 255 / Math.Max(1, height - 1)), blue));
            }
        }

        return image;
    }

    /// <summary>Every pixel a pseudo-random colour from a fixed seed: exercises all byte values.</summary>
    public static RgbImage Noise(int width, int height, int seed = 1)
    {
        var image = new RgbImage(width, height);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    /// <summary>An image of one colour.</summary>
    public static RgbImage Solid(int width, int height, (byte R, byte G, byte B) color)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image.SetPixel(x, y, color);
            }
        }

        return image;
    }
}
