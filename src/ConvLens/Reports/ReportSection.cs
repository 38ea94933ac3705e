namespace ConvLens.Reports;

/// <summary>A titled part of a report: paragraphs, figures, and an optional key/value table.</summary>
public sealed record ReportSection
{
    /// <summary>Heading of the section.</summary>
    public required string Title { get; init; }

    /// <summary>Paragraphs of plain text (escaped when written).</summary>
    public IReadOnlyList<string> Paragraphs { get; init; } = [];

    /// <summary>Pictures, shown in order.</summary>
    public IReadOnlyList<ReportFigure> Figures { get; init; } = [];

    /// <summary>Rows of a two-column table (name, value), or empty.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Facts { get; init; } = [];
}
