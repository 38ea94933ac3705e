namespace ConvLens.Visualize.Statistics;

/// <summary>A file that was not used, and why.</summary>
/// <param name="Path">The file as listed or found.</param>
/// <param name="Reason">One line: what was wrong with it.</param>
public sealed record SkippedFile(string Path, string Reason);
