using ConvLens.Cli.Console;
using ConvLens.Cli.Demo;
using ConvLens.Cli.Settings;
using ConvLens.Models;
using ConvLens.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens demo</c>: every method on the embedded defaults, gathered in one HTML page.</summary>
public sealed class DemoCommand(IAnsiConsole console) : Command<DemoSettings>
{
    public override int Execute(CommandContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        var root = new OutputFolder(settings.OutputFolder("demo"));
        var wanted = settings.Sections();
        var sections = DemoSections.All.Where(s => wanted.Contains(s.Id)).ToList();
        using var model = new DisposableLazy<LoadedModel>(() => ModelCatalog.Load(ModelCatalog.DefaultModel));
        var results = new List<ReportSection>();
        foreach (var section in sections)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(SpectreProgress.Run(console, $"demo {section.Id}", progress =>
                section.Run(new DemoContext(root, section.Id, settings.Seed, progress, model.Lazy, cancellationToken))));
        }

        var index = root.WriteText("index.html", HtmlReportWriter.Render("ConvLens demo", results));
        console.MarkupLine($"wrote [green]{Markup.Escape(index)}[/]");
        return 0;
    }
}
