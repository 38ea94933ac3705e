using System.Globalization;
using ConvLens.Reports;

namespace ConvLens.Cli.Demo;

/// <summary>The teaching primer: feature maps of a small image under classic kernels, and a dreamed filter pattern.</summary>
internal sealed class PrimerDemoSection : IDemoSection
{
    public string Id => "primer";

    public ReportSection Run(DemoContext context)
    {
        var result = PrimerArtifacts.Run(context.Seed, context.Progress, context.Cancellation);
        PrimerArtifacts.Write(context.Output, result);
        var ex = result.Example;
        var cosine = result.Dream.CosineToFilter;
        return new ReportSection
        {
            Title = "Primer: convolution and filter dreaming",
            Paragraphs =
            [
                $"A {ex.Image.GetLength(0)}x{ex.Image.GetLength(1)} image cross-correlated with a {ex.Kernel.GetLength(0)}x{ex.Kernel.GetLength(1)} kernel gives a {ex.FeatureMap.GetLength(0)}x{ex.FeatureMap.GetLength(1)} feature map (valid positions only).",
                "Gradient ascent on an input pattern, with a norm penalty so it converges, dreams the pattern a filter loves: a scaled copy of the filter itself.",
            ],
            Facts =
            [
                new("dreamed filter", result.DreamKernel.Name),
                new("cosine(pattern, filter)", cosine.ToString("F4", CultureInfo.InvariantCulture)),
                new("final response", result.Dream.Responses[^1].ToString("G4", CultureInfo.InvariantCulture)),
            ],
            Figures =
            [
                new(context.Link(PrimerArtifacts.FeatureMapsFile), "Feature maps of a hand-drawn digit under classic kernels (edges, Sobel, blur, sharpen)."),
                new(context.Link(PrimerArtifacts.DreamFile), $"Filter dreaming: the input pattern during gradient ascent next to the {result.DreamKernel.Name} filter."),
            ],
        };
    }
}
