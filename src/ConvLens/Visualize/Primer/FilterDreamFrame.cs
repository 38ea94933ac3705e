namespace ConvLens.Visualize.Primer;

/// <summary>A snapshot of the dreamed pattern after <paramref name="Step"/> updates, for animation.</summary>
/// <param name="Step">Number of updates made so far (0 is the random start).</param>
/// <param name="Response">The objective at this pattern.</param>
/// <param name="Pattern">The pattern, same shape as the filter, indexed [row, column].</param>
public sealed record FilterDreamFrame(int Step, double Response, float[,] Pattern);
