using ConvLens.Reports;

namespace ConvLens.Cli.Demo;

/// <summary>One part of <c>convlens demo</c>: runs a method on the embedded defaults and describes its pictures.</summary>
public interface IDemoSection
{
    /// <summary>Stable id, also the sub-folder of the demo output (e.g. "primer").</summary>
    string Id { get; }

    /// <summary>Runs the section, writing its pictures under <see cref="DemoContext.Output"/>.</summary>
    ReportSection Run(DemoContext context);
}
