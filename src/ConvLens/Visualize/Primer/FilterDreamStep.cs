namespace ConvLens.Visualize.Primer;

/// <summary>Progress of filter dreaming: the step just taken and the response before it.</summary>
/// <param name="Step">The 1-based number of the update just made.</param>
/// <param name="TotalSteps">The number of updates planned.</param>
/// <param name="Response">The objective <c>sum(filter * x) - lambda * ||x||^2</c> before this update.</param>
public sealed record FilterDreamStep(int Step, int TotalSteps, double Response);
