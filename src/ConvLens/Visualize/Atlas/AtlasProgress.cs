namespace ConvLens.Visualize.Atlas;

/// <summary>How far an atlas build is: a phase ("statistics", "exemplars", "maximize"), items done of total, time so far.</summary>
/// <param name="Phase">What is being done.</param>
/// <param name="Done">Items of the phase done: images, or units (fractional while a batch of units is being optimised).</param>
/// <param name="Total">Items of the phase in all.</param>
/// <param name="Elapsed">Time since the phase started.</param>
public sealed record AtlasProgress(string Phase, double Done, long Total, TimeSpan Elapsed)
{
    /// <summary>Items per second in this phase so far.</summary>
    public double ItemsPerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>The time the rest of the phase should take at the rate so far, or null before any item is done.</summary>
    public TimeSpan? Remaining => Done > 0 && Total >= Done ? TimeSpan.FromSeconds((Total - Done) / ItemsPerSecond) : null;
}
