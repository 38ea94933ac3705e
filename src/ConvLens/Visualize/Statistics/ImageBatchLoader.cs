using ConvLens.Imaging;
using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Statistics;

/// <summary>Decodes image files into model-sized RGB 0..1 pixels, the way <see cref="Preprocessing"/> asks.</summary>
internal static class ImageBatchLoader
{
    /// <summary>Decodes <paramref name="path"/> and writes [3,H,W] floats into <paramref name="destination"/>.</summary>
    /// <exception cref="ConvLensException">The file cannot be read or decoded.</exception>
    public static void LoadInto(string path, Preprocessing preprocessing, Span<float> destination)
    {
        var image = ImageDecoder.Load(path);
        using var scope = NewDisposeScope();
        ModelImages.Fit(image, preprocessing).contiguous().data<float>().CopyTo(destination);
    }
}
