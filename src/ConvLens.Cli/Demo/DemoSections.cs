namespace ConvLens.Cli.Demo;

/// <summary>The one list of demo sections, in page order: one line per section.</summary>
internal static class DemoSections
{
    public static IReadOnlyList<IDemoSection> All { get; } =
    [
        new PrimerDemoSection(),
        new LayersDemoSection(),
        new CamDemoSection(),
        new DreamsDemoSection(),
        new AtlasDemoSection(),
    ];
}
