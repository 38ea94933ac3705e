using System.Globalization;

namespace ConvLens.Models;

/// <summary>
/// A user's statement of how an ONNX file wants its input, overriding what ConvLens assumes (ImageNet's normalisation,
/// or what an Ultralytics file's metadata says): <c>NORMALISATION[:RESIZE]</c>, where NORMALISATION is a preset or
/// <c>MEAN/STD</c> (three values each, for 0..1 RGB pixels) and RESIZE is crop, stretch or letterbox.
/// </summary>
public sealed record InputSpec
{
    private static readonly (string Name, string Description, Func<Preprocessing, Preprocessing> Apply)[] Presets =
    [
        ("imagenet", "RGB 0..1 minus mean 0.485,0.456,0.406, divided by std 0.229,0.224,0.225 (torchvision, timm; the default)",
            p => Normalised(p, Preprocessing.ImageNet.Mean, Preprocessing.ImageNet.Std)),
        ("unit", "RGB 0..1, not normalised (Ultralytics YOLO, many detectors and Keras models with a rescaling layer)",
            p => Normalised(p, null, null)),
        ("symmetric", "RGB -1..1: minus 0.5, divided by 0.5 (TensorFlow's MobileNet and Inception, many GAN discriminators)",
            p => Normalised(p, [0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f])),
        ("caffe", "BGR 0..255 minus the ImageNet mean 103.939,116.779,123.68 (Caffe and Keras 'caffe' mode models)",
            p => Normalised(p, [103.939f, 116.779f, 123.68f], null) with { Order = ChannelOrder.Bgr, Scale = 255f }),
    ];

    private static readonly (string Name, string Description, ResizeMode Mode)[] Resizes =
    [
        ("crop", "resize the shorter side (input size x 256/224), then crop the centre", ResizeMode.ShorterSideThenCenterCrop),
        ("stretch", "resize both sides to the input size", ResizeMode.Stretch),
        ("letterbox", "fit with the aspect ratio kept, grey bars around (Ultralytics)", ResizeMode.Letterbox),
    ];

    private readonly Func<Preprocessing, Preprocessing> _normalise;

    private InputSpec(string text, Func<Preprocessing, Preprocessing> normalise, ResizeMode? resize)
    {
        Text = text;
        _normalise = normalise;
        Resize = resize;
    }

    /// <summary>The specification as written.</summary>
    public string Text { get; }

    /// <summary>The resize rule it asks for, or null to keep the model's.</summary>
    public ResizeMode? Resize { get; }

    /// <summary>The accepted forms, for help text.</summary>
    public static IReadOnlyList<SyntaxForm> Forms { get; } =
    [
        .. Presets.Select(p => new SyntaxForm(p.Name, p.Description)),
        new SyntaxForm("R,G,B/R,G,B", "your own mean and std, for RGB in 0..1 (e.g. CLIP's 0.481,0.458,0.408/0.269,0.261,0.276)"),
        .. Resizes.Select(r => new SyntaxForm($"...:{r.Name}", r.Description)),
    ];

    /// <summary>Parses <c>NORMALISATION[:RESIZE]</c>.</summary>
    /// <exception cref="ConvLensException">An unknown preset or resize rule, or a mean/std that is not three positive-std numbers each.</exception>
    public static InputSpec Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var accepted = $"accepted: {string.Join(", ", Presets.Select(p => p.Name))} or MEAN/STD (three numbers each, e.g. 0.5,0.5,0.5/0.5,0.5,0.5), optionally followed by :{string.Join(", :", Resizes.Select(r => r.Name))}";
        var parts = text.Trim().Split(':');
        if (parts.Length > 2)
        {
            throw new ConvLensException($"input '{text}' has more than one ':'; {accepted}");
        }

        ResizeMode? resize = null;
        if (parts.Length == 2)
        {
            var rule = Resizes.FirstOrDefault(r => string.Equals(r.Name, parts[1].Trim(), StringComparison.OrdinalIgnoreCase));
            resize = rule.Name is null ? throw new ConvLensException($"input '{text}': unknown resize '{parts[1]}'; {accepted}") : rule.Mode;
        }

        var name = parts[0].Trim();
        var preset = Presets.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        if (preset.Name is not null)
        {
            return new InputSpec(text, preset.Apply, resize);
        }

        var slash = name.Split('/');
        if (slash.Length != 2 || Triple(slash[0]) is not { } mean || Triple(slash[1]) is not { } std)
        {
            throw new ConvLensException($"input '{text}' is neither a preset nor MEAN/STD; {accepted}");
        }

        if (std.Any(s => !(s > 0f)))
        {
            throw new ConvLensException($"input '{text}': every std must be above 0; {accepted}");
        }

        return new InputSpec(text, p => Normalised(p, mean, std), resize);
    }

    /// <summary>The suffix of the file beside a model that states its input: <c>model.onnx.input</c> holds e.g. <c>unit:letterbox</c>.</summary>
    public const string SidecarSuffix = ".input";

    /// <summary>Reads the specification from <paramref name="path"/>: its first line that is neither blank nor a <c>#</c> comment.</summary>
    /// <exception cref="ConvLensException">The file cannot be read, holds no specification, or a bad one.</exception>
    public static InputSpec FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConvLensException($"cannot read input file '{path}': {e.Message}", e);
        }

        var line = lines.Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'))
            ?? throw new ConvLensException($"input file '{path}' is empty; write one line such as unit:letterbox ({string.Join(", ", Forms.Select(f => f.Syntax))})");
        try
        {
            return Parse(line);
        }
        catch (ConvLensException e)
        {
            throw new ConvLensException($"input file '{path}': {e.Message}", e);
        }
    }

    /// <summary><paramref name="preprocessing"/> with this normalisation and resize rule; its input size is kept.</summary>
    public Preprocessing ApplyTo(Preprocessing preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        var p = _normalise(preprocessing);
        return Resize is not { } mode ? p : p with
        {
            Resize = mode,
            ResizeShorterTo = mode == ResizeMode.ShorterSideThenCenterCrop ? (int)Math.Round(Math.Min(p.Height, p.Width) * 256.0 / 224) : p.ResizeShorterTo,
        };
    }

    private static Preprocessing Normalised(Preprocessing p, IReadOnlyList<float>? mean, IReadOnlyList<float>? std) =>
        p with { Order = ChannelOrder.Rgb, Scale = 1f, Mean = mean, Std = std, MeanImage = null };

    private static float[]? Triple(string text)
    {
        var values = text.Split(',');
        var parsed = values.Select(v => float.TryParse(v.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && float.IsFinite(f) ? f : (float?)null).ToArray();
        return parsed.Length == 3 && parsed.All(v => v.HasValue) ? [.. parsed.Select(v => v!.Value)] : null;
    }
}
