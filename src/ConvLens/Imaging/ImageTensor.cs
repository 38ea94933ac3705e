using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Imaging;

/// <summary>
/// Converts between <see cref="RgbImage"/> and float tensors, and resizes and crops image tensors the way
/// torchvision's transforms do. Returned tensors belong to the caller's dispose scope.
/// </summary>
public static class ImageTensor
{
    /// <summary>Converts an image to a float32 tensor [3,H,W] with RGB values in 0..1.</summary>
    /// <param name="image">The image.</param>
    /// <param name="device">Where to create the tensor; CPU when null.</param>
    /// <returns>A new tensor <c>[3,H,W]</c>, float32, RGB in 0..1.</returns>
    public static Tensor ToTensor(RgbImage image, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var scope = NewDisposeScope();
        var hwc = tensor(image.Pixels, [image.Height, image.Width, 3], ScalarType.Byte);
        var chw = hwc.permute(2, 0, 1).to(ScalarType.Float32).div_(255f).contiguous();
        return chw.to(device ?? CPU).MoveToOuterDisposeScope();
    }

    /// <summary>Converts an image tensor back to an 8-bit image, clamping values to 0..1 and rounding.</summary>
    /// <param name="image"><c>[3,H,W]</c> RGB, <c>[1,H,W]</c> grayscale, or the same with a leading batch of 1; values in 0..1.</param>
    /// <returns>A new image; grayscale is copied to all three channels.</returns>
    /// <exception cref="ArgumentException">The tensor has another shape.</exception>
    public static RgbImage FromTensor(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var shape = image.shape;
        var chw = shape.Length == 4 && shape[0] == 1 ? shape[1..] : shape;
        if (chw.Length != 3 || (chw[0] != 3 && chw[0] != 1))
        {
            throw new ArgumentException($"expected an image tensor [3,H,W], [1,H,W], [1,3,H,W] or [1,1,H,W], got [{string.Join(",", shape)}]", nameof(image));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var rgb = image.detach().reshape(chw).to(ScalarType.Float32).cpu().expand(3, chw[1], chw[2]);
        var bytes = rgb.clamp(0f, 1f).mul(255f).round().to(ScalarType.Byte).permute(1, 2, 0).contiguous();
        return new RgbImage((int)chw[2], (int)chw[1], bytes.data<byte>().ToArray());
    }

    /// <summary>
    /// Resizes an image tensor bilinearly (half-pixel centres, as torchvision); when shrinking, antialiased like PIL.
    /// </summary>
    /// <param name="image"><c>[C,H,W]</c> or <c>[N,C,H,W]</c>; integer tensors are converted to float32.</param>
    /// <param name="height">Target height, at least 1.</param>
    /// <param name="width">Target width, at least 1.</param>
    /// <returns>A new tensor with the same rank and the new height and width.</returns>
    /// <exception cref="ArgumentException">The tensor is not 3-D or 4-D.</exception>
    public static Tensor Resize(Tensor image, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        RequireImageRank(image);
        using var scope = NewDisposeScope();
        var batch = image.dim() == 3 ? image.unsqueeze(0) : image.alias();
        if (!batch.is_floating_point())
        {
            batch = batch.to(ScalarType.Float32);
        }

        var shrinking = height < batch.shape[2] || width < batch.shape[3];
        var resized = nn.functional.interpolate(batch, size: [height, width], mode: InterpolationMode.Bilinear,
            align_corners: false, antialias: shrinking);
        return (image.dim() == 3 ? resized.squeeze(0) : resized).MoveToOuterDisposeScope();
    }

    private static void RequireImageRank(Tensor image)
    {
        if (image.dim() is not (3 or 4))
        {
            throw new ArgumentException($"expected an image tensor [C,H,W] or [N,C,H,W], got [{string.Join(",", image.shape)}]", nameof(image));
        }
    }
}
