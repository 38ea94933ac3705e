namespace ConvLens.Visualize.Primer;

/// <summary>A named convolution kernel from the course notes, e.g. "vertical edge".</summary>
/// <param name="Name">Short label used in captions.</param>
/// <param name="Weights">The weights, indexed [row, column].</param>
public sealed record PrimerKernel(string Name, float[,] Weights);
