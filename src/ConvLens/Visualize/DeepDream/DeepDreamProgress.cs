using ConvLens.Imaging;

namespace ConvLens.Visualize.DeepDream;

/// <summary>Progress of a <see cref="DeepDream"/> run, reported after every step.</summary>
/// <param name="Octave">Current octave (1-based, smallest scale first).</param>
/// <param name="Octaves">Number of octaves.</param>
/// <param name="Step">Steps done over the whole run (1-based).</param>
/// <param name="TotalSteps">Steps in the whole run.</param>
/// <param name="Objective">Objective value at this step (mean over tiles).</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record DeepDreamProgress(int Octave, int Octaves, int Step, int TotalSteps, double Objective, TimeSpan Elapsed)
{
    /// <summary>The image after this step, at the input size, when <see cref="DeepDreamOptions.KeepFrames"/> is set; else null.</summary>
    /// <remarks>The same frame the result keeps, so a live view costs no extra rendering.</remarks>
    public RgbImage? Frame { get; init; }
}
