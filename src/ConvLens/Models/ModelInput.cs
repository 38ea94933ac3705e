using ConvLens.Imaging;
using static TorchSharp.torch;

namespace ConvLens.Models;

/// <summary>
/// Photos of any size to a model's input [N,3,H,W] (RGB 0..1, before the model's own normalisation), by the rule of
/// <see cref="InputFit"/>; the fits it returns map results back onto each photo.
/// </summary>
public static class ModelInput
{
    /// <summary>The photos as one batch at the input size of <paramref name="preprocessing"/>, on <paramref name="device"/>.</summary>
    /// <param name="photos">At least one photo, each at its own size.</param>
    /// <param name="preprocessing">The model's preprocessing (size and resize rule).</param>
    /// <param name="device">Where the batch is made; the CPU when null.</param>
    /// <returns>The [N,3,H,W] batch in the caller's dispose scope, and each photo's fit.</returns>
    /// <exception cref="ArgumentException">No photos.</exception>
    public static (Tensor Batch, IReadOnlyList<InputFit> Fits) FromPhotos(IReadOnlyList<RgbImage> photos, Preprocessing preprocessing, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(photos);
        ArgumentNullException.ThrowIfNull(preprocessing);
        if (photos.Count == 0)
        {
            throw new ArgumentException("give at least one photo", nameof(photos));
        }

        using var scope = NewDisposeScope();
        var fits = photos.Select(p => InputFit.For(preprocessing, p.Height, p.Width)).ToArray();
        var batch = stack([.. photos.Select((p, i) => Fitted(ImageTensor.ToTensor(p, device), fits[i]))]);
        return (batch.MoveToOuterDisposeScope(), fits);
    }

    /// <summary>One photo as a [1,3,H,W] input and its fit.</summary>
    public static (Tensor Input, InputFit Fit) FromPhoto(RgbImage photo, Preprocessing preprocessing, Device? device = null)
    {
        var (batch, fits) = FromPhotos([photo], preprocessing, device);
        return (batch, fits[0]);
    }

    /// <summary>What the model sees of <paramref name="photo"/>, as an image at its input size.</summary>
    public static RgbImage Fit(RgbImage photo, Preprocessing preprocessing)
    {
        using var scope = NewDisposeScope();
        return ImageTensor.FromTensor(FromPhoto(photo, preprocessing).Input);
    }

    /// <summary>Decodes <paramref name="path"/> and returns what the model sees of it (<see cref="Fit"/>).</summary>
    /// <exception cref="ConvLensException">The file is missing or not a readable image.</exception>
    public static RgbImage LoadFitted(string path, Preprocessing preprocessing) => Fit(ImageDecoder.Load(path), preprocessing);

    /// <summary>
    /// The height and width of a synthetic image (activation maximization) whose longer side is
    /// <paramref name="longerSide"/> and whose aspect ratio is the model input's: a 224x160 model gets 128x91 at 128.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size below 1.</exception>
    public static (int Height, int Width) SizeFor(Preprocessing preprocessing, int longerSide)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        ArgumentOutOfRangeException.ThrowIfLessThan(longerSide, 1);
        int h = preprocessing.Height, w = preprocessing.Width;
        return h >= w
            ? (longerSide, Math.Max(1, (int)Math.Round((double)longerSide * w / h)))
            : (Math.Max(1, (int)Math.Round((double)longerSide * h / w)), longerSide);
    }

    /// <summary>A [3,h,w] photo resized and cropped (or padded) as <paramref name="fit"/> says.</summary>
    internal static Tensor Fitted(Tensor photo, InputFit fit)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(fit);
        using var scope = NewDisposeScope();
        var resized = photo.shape[^2] == fit.ResizedHeight && photo.shape[^1] == fit.ResizedWidth
            ? photo.alias()
            : ImageTensor.Resize(photo, fit.ResizedHeight, fit.ResizedWidth);
        if (fit.Pads)
        {
            var (top, left) = (Math.Max(0, -fit.CropTop), Math.Max(0, -fit.CropLeft));
            var bottom = Math.Max(0, fit.CropTop + fit.Height - fit.ResizedHeight);
            var right = Math.Max(0, fit.CropLeft + fit.Width - fit.ResizedWidth);
            resized = nn.functional.pad(resized, [left, right, top, bottom], TorchSharp.PaddingModes.Constant, fit.PadValue);
            return resized.narrow(-2, fit.CropTop + top, fit.Height).narrow(-1, fit.CropLeft + left, fit.Width).contiguous().MoveToOuterDisposeScope();
        }

        return resized.narrow(-2, fit.CropTop, fit.Height).narrow(-1, fit.CropLeft, fit.Width).contiguous().MoveToOuterDisposeScope();
    }
}
