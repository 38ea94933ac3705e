using ConvLens.Imaging;

namespace ConvLens.Visualize.Maximize;

/// <summary>The batch as it looked after a given step (one frame of the optimisation animation).</summary>
/// <param name="Step">The step (1-based) after which the images were rendered.</param>
/// <param name="Images">One image per batch entry.</param>
public sealed record MaximizeFrame(int Step, IReadOnlyList<RgbImage> Images);
