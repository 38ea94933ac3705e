using static TorchSharp.torch;

namespace ConvLens.Models;

/// <summary>
/// What a model expects of its input, and the differentiable map from an RGB image in 0..1 to that input.
/// </summary>
/// <remarks>
/// Every ConvLens method works in image space (RGB, 0..1) and lets the model apply its own preprocessing, so
/// gradients, optimised images and heatmaps all live in the space a person sees.
/// </remarks>
public sealed record Preprocessing
{
    /// <summary>Input height in pixels the model was trained at.</summary>
    public int Height { get; init; } = 224;

    /// <summary>Input width in pixels the model was trained at.</summary>
    public int Width { get; init; } = 224;

    /// <summary>How pictures are brought to <see cref="Height"/> x <see cref="Width"/>.</summary>
    public ResizeMode Resize { get; init; } = ResizeMode.Stretch;

    /// <summary>The shorter-side length before the centre crop when <see cref="Resize"/> crops (e.g. 256 for 224).</summary>
    public int ResizeShorterTo { get; init; } = 256;

    /// <summary>The grey level in 0..1 of the bars <see cref="ResizeMode.Letterbox"/> adds (Ultralytics: 114/255).</summary>
    public float PadValue { get; init; } = 114f / 255f;

    /// <summary>Channel order of the model input.</summary>
    public ChannelOrder Order { get; init; } = ChannelOrder.Rgb;

    /// <summary>Factor applied to 0..1 pixel values first (255 for models that take 0..255).</summary>
    public float Scale { get; init; } = 1f;

    /// <summary>Per-channel mean subtracted after scaling, in the model's channel order, or null.</summary>
    public IReadOnlyList<float>? Mean { get; init; }

    /// <summary>Per-channel standard deviation divided by after the mean, in the model's channel order, or null.</summary>
    public IReadOnlyList<float>? Std { get; init; }

    /// <summary>A mean image [3,H,W] (model channel order, already scaled) subtracted instead of <see cref="Mean"/>, or null.</summary>
    public float[]? MeanImage { get; init; }

    /// <summary>The ImageNet normalisation TorchVision models use (RGB, mean/std, resize 256 and crop 224).</summary>
    public static Preprocessing ImageNet { get; } = new()
    {
        Resize = ResizeMode.ShorterSideThenCenterCrop,
        Mean = [0.485f, 0.456f, 0.406f],
        Std = [0.229f, 0.224f, 0.225f],
    };

    /// <summary>One line for people: size, resize rule, channel order and normalisation.</summary>
    public string Describe()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string List(IReadOnlyList<float> v) => string.Join(",", v.Select(x => x.ToString("0.###", inv)));
        var resize = Resize switch
        {
            ResizeMode.ShorterSideThenCenterCrop => $"shorter side to {ResizeShorterTo} then centre crop",
            ResizeMode.Letterbox => $"letterbox (aspect kept, bars of grey {PadValue.ToString("0.###", inv)})",
            _ => "stretched",
        };
        var values = Scale == 1f ? "0..1" : $"0..{Scale.ToString("0.###", inv)}";
        var mean = MeanImage is not null ? ", minus a mean image" : Mean is null ? "" : $", minus mean {List(Mean)}";
        var std = Std is null ? "" : $", divided by std {List(Std)}";
        return $"{Height}x{Width} {Order.ToString().ToUpperInvariant()} {values}{mean}{std}; photos {resize}";
    }

    /// <summary>Maps RGB images in 0..1 to model input; differentiable, any batch and spatial size.</summary>
    /// <param name="rgb">[N,3,H,W], float32, RGB in 0..1.</param>
    /// <returns>[N,3,H,W] model input on the same device.</returns>
    public Tensor Apply(Tensor rgb)
    {
        CheckImages(rgb);
        using var scope = NewDisposeScope();
        var x = Order == ChannelOrder.Bgr ? rgb.flip(1) : rgb.alias();
        if (Scale != 1f)
        {
            x = x * Scale;
        }

        if (MeanImage is not null)
        {
            x = x - MeanImageFor(x.shape[2], x.shape[3], x.device);
        }
        else if (Mean is not null)
        {
            x = x - tensor(Mean.ToArray(), device: x.device).view(1, 3, 1, 1);
        }

        if (Std is not null)
        {
            x = x / tensor(Std.ToArray(), device: x.device).view(1, 3, 1, 1);
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Throws unless <paramref name="rgb"/> is [N,3,H,W], what <see cref="Apply"/> takes.</summary>
    /// <exception cref="ConvLensException">Another shape.</exception>
    internal static void CheckImages(Tensor rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.dim() != 4 || rgb.shape[1] != 3)
        {
            throw new ConvLensException($"model input must be [N,3,H,W] RGB images, got [{string.Join(",", rgb.shape)}]");
        }
    }

    private Tensor MeanImageFor(long h, long w, Device device)
    {
        var mean = tensor(MeanImage!, device: device).view(1, 3, Height, Width);
        // The mean image broadcasts only at the trained size; other sizes (octaves, 128 px dreams) get it resized.
        return h == Height && w == Width
            ? mean
            : nn.functional.interpolate(mean, [h, w], mode: InterpolationMode.Bilinear, align_corners: false);
    }
}
