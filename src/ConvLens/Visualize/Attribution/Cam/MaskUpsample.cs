namespace ConvLens.Visualize.Attribution.Cam;

/// <summary>How bilinear upsampling places a layer's grid on the image (the <c>align_corners</c> convention).</summary>
/// <remarks>
/// The two conventions give different Score-CAM maps (docs/attribution.md has the measured sensitivity), so the choice
/// is explicit. <see cref="Centers"/> is PyTorch's and OpenCV's default; <see cref="Corners"/> is what pytorch-grad-cam's
/// Score-CAM uses (<c>torch.nn.UpsamplingBilinear2d</c>).
/// </remarks>
public enum MaskUpsample
{
    /// <summary><c>align_corners = false</c>: cell centres map to pixel centres; border pixels repeat the edge cells (half-pixel offset).</summary>
    Centers,

    /// <summary><c>align_corners = true</c>: the corner cells' centres map onto the corner pixels; interpolation spans the whole image.</summary>
    Corners,
}
