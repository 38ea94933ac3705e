using ConvLens.Cli.Console;
using ConvLens.Imaging;
using ConvLens.Visualize.Primer;

namespace ConvLens.Cli.Demo;

/// <summary>The files the primer writes, shared by <c>convlens primer</c> and the demo.</summary>
internal static class PrimerArtifacts
{
    public const string FeatureMapsFile = "primer-feature-maps.png";
    public const string DreamFile = "primer-filter-dream.gif";
    public const string DreamFinalFile = "primer-filter-dream.png";

    public static PrimerResult Run(int seed, ProgressReporter progress, CancellationToken cancellation)
    {
        var options = new FilterDreamOptions { Seed = seed };
        return PrimerDemo.Run(options, progress.For<FilterDreamStep>(s => ((double)s.Step / s.TotalSteps, $"step {s.Step}")), cancellation);
    }

    public static void Write(OutputFolder output, PrimerResult result)
    {
        output.WritePng(FeatureMapsFile, PrimerRenderer.RenderFeatureMaps(result));
        var frames = PrimerRenderer.RenderDreamFrames(result.Dream);
        output.WriteGif(DreamFile, frames, delayMs: 120);
        output.WritePng(DreamFinalFile, frames[^1]);
    }
}
