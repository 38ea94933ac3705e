namespace ConvLens.Reports;

/// <summary>One picture in a report: a file relative to the report, and what it shows.</summary>
/// <param name="Path">Path relative to the report file (a PNG or GIF the tool wrote).</param>
/// <param name="Caption">What the picture shows, in one or two sentences.</param>
public sealed record ReportFigure(string Path, string Caption);
