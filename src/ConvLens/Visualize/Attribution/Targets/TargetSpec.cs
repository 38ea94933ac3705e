using System.Globalization;
using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>
/// The text syntax of targets: one table of forms (<see cref="Forms"/>) that both parses and documents them, tried in
/// order, so a class label is only looked up when no other form fits.
/// </summary>
public static class TargetSpec
{
    private static readonly TargetForm[] Table =
    [
        new(new("auto", "the top-scoring class of each image; on detectors with score and box outputs (SSD, RetinaNet) the most confident detection (also: top)"),
            s => s.Equals("auto", StringComparison.OrdinalIgnoreCase) || s.Equals("top", StringComparison.OrdinalIgnoreCase),
            (_, _, _) => new TopClass()),
        new(new("K", "the logit of class index K"),
            s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            (s, _, _) => new ClassLogit(long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture))),
        new(new("channel:LAYER:C", "the mean of channel C of LAYER, e.g. channel:stage3:12"),
            s => s.StartsWith("channel:", StringComparison.OrdinalIgnoreCase),
            (s, model, _) => Channel(s, model)),
        new(new("similar:IMAGE", "cosine similarity of the output to IMAGE's (for models without a classifier)"),
            s => s.StartsWith("similar:", StringComparison.OrdinalIgnoreCase),
            (s, model, loadImage) => Similar(s, model, loadImage)),
        new(new("detection:CLASS[:conf=0.25]", "detectors: the summed score of the boxes of CLASS (index or label) scoring at least conf"),
            s => s.StartsWith("detection:", StringComparison.OrdinalIgnoreCase),
            (s, model, _) => Detection(s, model).Resolve(model)),
        new(new("box:X1,Y1,X2,Y2[:CLASS]", "detectors: the score of the predicted box overlapping this one (model input pixels) most"),
            s => s.StartsWith("box:", StringComparison.OrdinalIgnoreCase),
            (s, model, _) => BoxTarget(s, model).Resolve(model)),
        new(new("mask:CLASS", "segmentation: the summed CLASS logits over the pixels predicted as CLASS"),
            s => s.StartsWith("mask:", StringComparison.OrdinalIgnoreCase),
            (s, model, _) => new SegmentationMask(ClassIndex(s["mask:".Length..], model, s))),
        new(new("LABEL", "a class by name, looked up in the model's class labels"),
            _ => true,
            (s, model, _) => Label(s, model)),
    ];

    /// <summary>The accepted forms, in the order they are tried.</summary>
    public static IReadOnlyList<SyntaxForm> Forms { get; } = [.. Table.Select(f => f.Form)];

    /// <summary>The accepted forms in one line, for errors.</summary>
    public static string Syntax { get; } = string.Join(", ", Forms.SkipLast(1).Select(f => f.Syntax)) + " or " + Forms[^1].Syntax;

    /// <summary>True when <paramref name="spec"/> fits no other form, so it can only be a class label.</summary>
    public static bool NamesClass(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Table.First(f => f.Matches(spec)) == Table[^1];
    }

    /// <summary>Builds the target <paramref name="spec"/> names for <paramref name="model"/>.</summary>
    /// <param name="spec">The text, in one of the <see cref="Forms"/>.</param>
    /// <param name="model">The model (labels, layers, reference embeddings).</param>
    /// <param name="loadImage">Loads a reference image for <c>similar:</c> as [1,3,H,W] RGB 0..1 at the model's input size.</param>
    /// <exception cref="ConvLensException">The text matches no form, or names an unknown layer or label.</exception>
    public static ITarget Parse(string spec, LoadedModel model, Func<string, Tensor> loadImage)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loadImage);
        return Table.First(f => f.Matches(spec)).Build(spec, model, loadImage);
    }

    /// <summary>Splits a comma-separated list of targets, keeping the commas of <c>box:X1,Y1,X2,Y2</c> inside their target.</summary>
    public static IReadOnlyList<string> SplitList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new List<string>();
        for (var i = 0; i < parts.Length; i++)
        {
            var take = parts[i].StartsWith("box:", StringComparison.OrdinalIgnoreCase) ? Math.Min(4, parts.Length - i) : 1;
            result.Add(string.Join(",", parts.Skip(i).Take(take)));
            i += take - 1;
        }

        return result;
    }

    private static DetectionScore Detection(string spec, LoadedModel model)
    {
        var parts = spec["detection:".Length..].Split(':');
        var confidence = 0.25;
        if (parts.Length > 2 || (parts.Length == 2 && !(parts[1].StartsWith("conf=", StringComparison.OrdinalIgnoreCase)
            && double.TryParse(parts[1]["conf=".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out confidence))))
        {
            throw new ConvLensException($"bad detection target '{spec}': expected detection:CLASS[:conf=0.25], e.g. detection:0:conf=0.5");
        }

        return new DetectionScore(ClassIndex(parts[0], model, spec), confidence);
    }

    private static BoxOverlap BoxTarget(string spec, LoadedModel model)
    {
        var parts = spec["box:".Length..].Split(':');
        var numbers = parts[0].Split(',');
        var values = new float[4];
        if (parts.Length > 2 || numbers.Length != 4 || !numbers.Select((n, i) => float.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok))
        {
            throw new ConvLensException($"bad box target '{spec}': expected box:X1,Y1,X2,Y2[:CLASS] in model input pixels, e.g. box:40,60,120,200:2");
        }

        return new BoxOverlap(values, parts.Length == 2 ? ClassIndex(parts[1], model, spec) : null);
    }

    private static long ClassIndex(string text, LoadedModel model, string spec)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) && k >= 0)
        {
            return k;
        }

        if (model.Labels is { } labels && ClassLabels.IndexOf(labels, text) is var i and >= 0)
        {
            return i;
        }

        throw new ConvLensException($"bad target '{spec}': '{text}' is neither a class index nor one of the model's class labels");
    }

    private static ITarget Channel(string spec, LoadedModel model)
    {
        var colon = spec.LastIndexOf(':');
        if (colon <= "channel:".Length || !long.TryParse(spec[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var channel))
        {
            throw new ConvLensException($"bad channel target '{spec}': expected channel:LAYER:C, e.g. channel:stage3:12");
        }

        return new ChannelMean(spec["channel:".Length..colon], channel).Resolve(model);
    }

    private static EmbeddingSimilarity Similar(string spec, LoadedModel model, Func<string, Tensor> loadImage)
    {
        var path = spec["similar:".Length..];
        using var scope = NewDisposeScope();
        return EmbeddingSimilarity.FromImage(model, loadImage(path), Path.GetFileName(path));
    }

    private static ClassLogit Label(string spec, LoadedModel model)
    {
        if (model.Labels is { } labels && ClassLabels.IndexOf(labels, spec) is var k and >= 0)
        {
            return new ClassLogit(k);
        }

        var hint = model.Labels is null
            ? $"model '{model.Name}' has no class labels to look a name up in"
            : $"labels include {string.Join(", ", model.Labels.Take(5))}, ...";
        throw new ConvLensException($"unknown target '{spec}': use {Syntax}; {hint}");
    }

    private sealed record TargetForm(SyntaxForm Form, Func<string, bool> Matches, Func<string, LoadedModel, Func<string, Tensor>, ITarget> Build);
}
