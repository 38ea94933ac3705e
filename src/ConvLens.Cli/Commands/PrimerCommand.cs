using System.Globalization;
using ConvLens.Cli.Console;
using ConvLens.Cli.Demo;
using ConvLens.Cli.Settings;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens primer</c>: the teaching versions of a feature map and of filter dreaming.</summary>
public sealed class PrimerCommand(IAnsiConsole console) : Command<PrimerSettings>
{
    public override int Execute(CommandContext context, PrimerSettings settings, CancellationToken cancellationToken)
    {
        var output = new OutputFolder(settings.OutputFolder("primer"));
        var result = SpectreProgress.Run(console, "filter dreaming", p => PrimerArtifacts.Run(settings.Seed, p, cancellationToken));
        PrimerArtifacts.Write(output, result);

        var ex = result.Example;
        console.MarkupLine($"feature map: {Shape(ex.Image)} image (x) {Shape(ex.Kernel)} kernel -> [bold]{Shape(ex.FeatureMap)}[/] map");
        console.Write(Matrix("feature map", ex.FeatureMap));
        console.MarkupLine($"dreamed pattern for the {Markup.Escape(result.DreamKernel.Name)} filter " +
            $"(cosine with the filter {result.Dream.CosineToFilter:F4}, " +
            $"response {result.Dream.Responses[0]:G3} -> {result.Dream.Responses[^1]:G3}):");
        console.Write(Matrix("dreamed pattern", result.Dream.Pattern));
        foreach (var file in output.Written)
        {
            console.MarkupLine($"wrote [green]{Markup.Escape(file)}[/]");
        }

        return 0;
    }

    private static string Shape(float[,] m) => $"{m.GetLength(0)}x{m.GetLength(1)}";

    private static Table Matrix(string title, float[,] m)
    {
        var table = new Table().Title(title).HideHeaders();
        for (var c = 0; c < m.GetLength(1); c++)
        {
            table.AddColumn(new TableColumn(string.Empty).RightAligned());
        }

        for (var r = 0; r < m.GetLength(0); r++)
        {
            table.AddRow([.. Enumerable.Range(0, m.GetLength(1)).Select(c => (m[r, c] + 0f).ToString("0.00", CultureInfo.InvariantCulture))]);
        }

        return table;
    }
}
