using ConvLens.Cli.Console;
using ConvLens.Models;

namespace ConvLens.Cli.Demo;

/// <summary>What every demo section gets: where to write, the samples, the built-in model, progress and cancellation.</summary>
public sealed class DemoContext(OutputFolder root, string sectionId, int seed, ProgressReporter progress, Lazy<LoadedModel> model, CancellationToken cancellation)
{
    /// <summary>The section's own output folder (a sub-folder of the demo folder).</summary>
    public OutputFolder Output { get; } = new(Path.Combine(root.Path, sectionId));

    /// <summary>The section id; pictures are referenced from index.html as <c>{Id}/{file}</c>.</summary>
    public string Id => sectionId;

    /// <summary>Seed for every random choice, so a demo can be reproduced.</summary>
    public int Seed => seed;

    /// <summary>Progress of this section (0..1).</summary>
    public ProgressReporter Progress => progress;

    /// <summary>The embedded default model, loaded on first use and shared by all sections.</summary>
    public LoadedModel Model => model.Value;

    /// <summary>Cancellation requested by the user (Ctrl+C).</summary>
    public CancellationToken Cancellation => cancellation;

    /// <summary>The sample photos shipped next to the tool.</summary>
    public static IReadOnlyList<string> SampleImages { get; } =
        [.. Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "samples"))
            .Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)];

    /// <summary>The path of <paramref name="file"/> relative to index.html.</summary>
    public string Link(string file) => $"{sectionId}/{file}";
}
