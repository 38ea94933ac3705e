using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Primer;

/// <summary>
/// The 2-D "valid" cross-correlation that a convolution layer computes: slide the kernel over the image without
/// padding and take the dot product at every position (no kernel flip, unlike a mathematical convolution).
/// </summary>
public static class CrossCorrelation2D
{
    /// <summary>Computes the feature map of an image under a kernel, written as the teaching loop.</summary>
    /// <param name="image">The image, indexed [row, column].</param>
    /// <param name="kernel">The kernel, indexed [row, column], no larger than the image in either dimension.</param>
    /// <returns>A map of size (H - kh + 1) x (W - kw + 1): a 6x6 image with a 3x3 kernel gives 4x4.</returns>
    /// <exception cref="ArgumentException">The kernel is larger than the image or empty.</exception>
    public static float[,] FeatureMap(float[,] image, float[,] kernel)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(kernel);
        int ih = image.GetLength(0), iw = image.GetLength(1), kh = kernel.GetLength(0), kw = kernel.GetLength(1);
        RequireFits(ih, iw, kh, kw);

        var map = new float[ih - kh + 1, iw - kw + 1];
        for (var r = 0; r < map.GetLength(0); r++)
        {
            for (var c = 0; c < map.GetLength(1); c++)
            {
                var sum = 0f;
                for (var i = 0; i < kh; i++)
                {
                    for (var j = 0; j < kw; j++)
                    {
                        sum += image[r + i, c + j] * kernel[i, j];
                    }
                }

                map[r, c] = sum;
            }
        }

        return map;
    }

    /// <summary>The same operation on tensors, via <c>conv2d</c> (which is a cross-correlation in libtorch).</summary>
    /// <param name="image"><c>[H,W]</c> float tensor.</param>
    /// <param name="kernel"><c>[kh,kw]</c> float tensor on the same device, no larger than the image.</param>
    /// <returns>A new <c>[H-kh+1, W-kw+1]</c> tensor; gradients flow through it.</returns>
    /// <exception cref="ArgumentException">A tensor is not 2-D or the kernel is larger than the image.</exception>
    public static Tensor FeatureMap(Tensor image, Tensor kernel)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(kernel);
        if (image.dim() != 2 || kernel.dim() != 2)
        {
            throw new ArgumentException($"expected a 2-D image and a 2-D kernel, got [{string.Join(",", image.shape)}] and [{string.Join(",", kernel.shape)}]");
        }

        RequireFits(image.shape[0], image.shape[1], kernel.shape[0], kernel.shape[1]);
        using var scope = NewDisposeScope();
        var map = nn.functional.conv2d(image.unsqueeze(0).unsqueeze(0), kernel.unsqueeze(0).unsqueeze(0));
        return map.squeeze(0).squeeze(0).MoveToOuterDisposeScope();
    }

    private static void RequireFits(long ih, long iw, long kh, long kw)
    {
        if (kh < 1 || kw < 1 || kh > ih || kw > iw)
        {
            throw new ArgumentException($"a {kh}x{kw} kernel does not fit in a {ih}x{iw} image; the kernel must be non-empty and no larger than the image");
        }
    }
}
