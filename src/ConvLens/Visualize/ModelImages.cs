using ConvLens.Imaging;
using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize;

/// <summary>Brings pictures to a model's input size the way its <see cref="Preprocessing"/> says (stretch, or resize and centre-crop).</summary>
public static class ModelImages
{
    /// <summary>Decodes <paramref name="path"/> and fits it to the model input size.</summary>
    /// <exception cref="ConvLensException">The file is missing or not a readable image.</exception>
    public static RgbImage LoadFitted(string path, Preprocessing preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        var image = ImageDecoder.Load(path);
        using var scope = NewDisposeScope();
        return ImageTensor.FromTensor(Fit(image, preprocessing));
    }

    /// <summary>The image as [3,H,W] RGB 0..1 at the model input size, in the caller's dispose scope.</summary>
    internal static Tensor Fit(RgbImage image, Preprocessing preprocessing)
    {
        using var scope = NewDisposeScope();
        var chw = ImageTensor.ToTensor(image);
        if (chw.shape[1] == preprocessing.Height && chw.shape[2] == preprocessing.Width)
        {
            return chw.MoveToOuterDisposeScope();
        }

        var sized = preprocessing.Resize == ResizeMode.ShorterSideThenCenterCrop && preprocessing.Height == preprocessing.Width
            ? ImageTensor.ResizeShorterSideThenCenterCrop(chw, preprocessing.ResizeShorterTo, preprocessing.Height)
            : ImageTensor.Resize(chw, preprocessing.Height, preprocessing.Width);
        return sized.MoveToOuterDisposeScope();
    }
}
