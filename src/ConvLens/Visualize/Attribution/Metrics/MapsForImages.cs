using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>The input check every metric shares: one map per image, each the image's size.</summary>
internal static class MapsForImages
{
    /// <summary>The batch size and image size of <paramref name="images"/> [N,3,H,W].</summary>
    /// <exception cref="ConvLensException">Map count or size does not match the images.</exception>
    public static (int N, int H, int W) Check(Tensor images, IReadOnlyList<AttributionMap> maps)
    {
        var (n, h, w) = ((int)images.shape[0], (int)images.shape[2], (int)images.shape[3]);
        if (maps.Count != n || maps.Any(m => m.Height != h || m.Width != w))
        {
            throw new ConvLensException($"need one {h}x{w} map per image ({n}), got {maps.Count} maps");
        }

        return (n, h, w);
    }
}
