using ConvLens.Imaging;
using SkiaSharp;

namespace ConvLens.Tests.Imaging;

public class ExifOrientationTests
{
    // A 3x2 image whose pixel values are their own indices, so every move is visible.
    private static readonly RgbImage Stored = Indexed(3, 2);

    [Theory]
    [InlineData(SKEncodedOrigin.TopLeft, 3, 2, new byte[] { 0, 1, 2, 3, 4, 5 })]
    [InlineData(SKEncodedOrigin.TopRight, 3, 2, new byte[] { 2, 1, 0, 5, 4, 3 })]
    [InlineData(SKEncodedOrigin.BottomRight, 3, 2, new byte[] { 5, 4, 3, 2, 1, 0 })]
    [InlineData(SKEncodedOrigin.BottomLeft, 3, 2, new byte[] { 3, 4, 5, 0, 1, 2 })]
    [InlineData(SKEncodedOrigin.LeftTop, 2, 3, new byte[] { 0, 3, 1, 4, 2, 5 })]
    [InlineData(SKEncodedOrigin.RightTop, 2, 3, new byte[] { 3, 0, 4, 1, 5, 2 })]
    [InlineData(SKEncodedOrigin.RightBottom, 2, 3, new byte[] { 5, 2, 4, 1, 3, 0 })]
    [InlineData(SKEncodedOrigin.LeftBottom, 2, 3, new byte[] { 2, 5, 1, 4, 0, 3 })]
    public void Should_turn_the_stored_pixels_as_the_exif_orientation_says(SKEncodedOrigin origin, int width, int height, byte[] expected)
    {
        var upright = ExifOrientation.Apply(Stored, origin);

        Assert.Equal((width, height), (upright.Width, upright.Height));
        Assert.Equal(expected, upright.Pixels.Where((_, i) => i % 3 == 0).ToArray());
    }

    private static RgbImage Indexed(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (var i = 0; i < width * height; i++)
        {
            image.SetPixel(i % width, i / width, ((byte)i, 0, 0));
        }

        return image;
    }
}
