using System.Globalization;
using ConvLens.Models;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Targets;

/// <summary>Parses the command-line target syntax: <c>auto</c>, a class index, a label, <c>channel:LAYER:C</c>, <c>similar:IMAGE</c>.</summary>
public static class TargetSpec
{
    /// <summary>The accepted forms, for help texts and errors.</summary>
    public const string Syntax = "auto, a class index, a class label, channel:LAYER:C or similar:IMAGE";

    /// <summary>Builds the target <paramref name="spec"/> names for <paramref name="model"/>.</summary>
    /// <param name="spec">The user's text.</param>
    /// <param name="model">The model (labels, layers, reference embeddings).</param>
    /// <param name="loadImage">Loads a reference image for <c>similar:</c> as [1,3,H,W] RGB 0..1 at the model's input size.</param>
    /// <exception cref="ConvLensException">The text matches no form, or names an unknown layer or label.</exception>
    public static ITarget Parse(string spec, LoadedModel model, Func<string, Tensor> loadImage)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loadImage);
        if (spec.Equals("auto", StringComparison.OrdinalIgnoreCase) || spec.Equals("top", StringComparison.OrdinalIgnoreCase))
        {
            return new TopClass();
        }

        if (long.TryParse(spec, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
        {
            return new ClassLogit(index);
        }

        if (spec.StartsWith("channel:", StringComparison.OrdinalIgnoreCase))
        {
            var colon = spec.LastIndexOf(':');
            if (colon <= "channel:".Length || !long.TryParse(spec[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var channel))
            {
                throw new ConvLensException($"bad channel target '{spec}': expected channel:LAYER:C, e.g. channel:stage3:12");
            }

            return new ChannelMean(spec["channel:".Length..colon], channel).Resolve(model);
        }

        if (spec.StartsWith("similar:", StringComparison.OrdinalIgnoreCase))
        {
            var path = spec["similar:".Length..];
            using var scope = NewDisposeScope();
            return EmbeddingSimilarity.FromImage(model, loadImage(path), Path.GetFileName(path));
        }

        if (model.Labels is { } labels && ClassLabels.IndexOf(labels, spec) is var k and >= 0)
        {
            return new ClassLogit(k);
        }

        var hint = model.Labels is null ? "the model has no labels file (use --labels)" : $"labels include {string.Join(", ", model.Labels.Take(5))}, ...";
        throw new ConvLensException($"unknown target '{spec}': use {Syntax}; {hint}");
    }
}
