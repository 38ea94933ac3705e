using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Metrics;
using ConvLens.Visualize.Attribution.Targets;
using ConvLens.Visualize.Maximize;

namespace ConvLens.Cli.Console;

/// <summary>
/// The library registry behind each value placeholder of the help text: an option written <c>--method &lt;METHODS&gt;</c>
/// gets a METHODS section below the options, listing the registered methods. The help never types a choice by hand.
/// </summary>
internal static class HelpSections
{
    private static readonly Dictionary<string, Func<HelpSection>> s_byValueName = new(StringComparer.Ordinal)
    {
        ["MODEL"] = () => new([.. ModelCatalog.Sources.Select(s => s.Syntax)], []),
        ["METHODS"] = () => new(
            ["comma-separated method ids; hyphens are optional (gradcam = grad-cam)"],
            [.. AttributionMethods.CreateAll().Select(m => new SyntaxForm(m.Id, $"{m.DisplayName}: {m.Description}"))]),
        ["METRICS"] = () => new(
            ["comma-separated metric ids; each is reported beside the same metric on a seeded random map"],
            [.. AttributionMetrics.CreateAll().Select(m => new SyntaxForm(m.Id, $"{m.DisplayName}: {m.Description}"))]),
        ["TARGET"] = () => new(["comma-separated; each one of"], TargetSpec.Forms),
        ["OBJECTIVE"] = () => new([$"{Objective.Grammar}; a term is one of"], Objective.TermForms),
        ["COLORMAP"] = () => new([string.Join(", ", Colormaps.Ids)], []),
        ["ENGINE"] = () => new([], EngineSelection.Forms),
        ["INPUT"] = () => new(["NORMALISATION[:RESIZE], for ONNX files; the input size stays the file's"], InputSpec.Forms),
    };

    /// <summary>The section for the placeholder <paramref name="valueName"/>, or null when it stands for free text.</summary>
    public static HelpSection? For(string valueName) => s_byValueName.TryGetValue(valueName, out var section) ? section() : null;
}
