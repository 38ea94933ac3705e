namespace ConvLens.Visualize.Maximize;

/// <summary>Progress of a <see cref="Maximizer"/> run, reported after every step.</summary>
/// <param name="Step">Steps done (1-based).</param>
/// <param name="TotalSteps">Steps in the run.</param>
/// <param name="Objective">Objective value at this step, averaged over the batch.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record MaximizeProgress(int Step, int TotalSteps, double Objective, TimeSpan Elapsed)
{
    /// <summary>The images after this step when the step kept a frame (<see cref="MaximizeOptions.IsFrameStep"/>), else null.</summary>
    /// <remarks>The same frame the result keeps, so a live view costs no extra rendering.</remarks>
    public MaximizeFrame? Frame { get; init; }
}
