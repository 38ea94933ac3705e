using System.Text.Json;
using ConvLens.Cli.Console;
using ConvLens.Cli.Settings;
using ConvLens.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens inspect MODEL</c>: the layer table of a model.</summary>
public sealed class InspectCommand(IAnsiConsole console) : Command<InspectSettings>
{
    public override int Execute(CommandContext context, InspectSettings settings, CancellationToken cancellationToken)
    {
        using var model = settings.LoadModel();
        var pre = model.Preprocessing;
        var layers = model.DescribeLayers(settings.Size ?? pre.Height, settings.Size ?? pre.Width);
        if (settings.Json)
        {
            console.WriteLine(JsonSerializer.Serialize(
                new { model = model.Name, input = new[] { 3, settings.Size ?? pre.Height, settings.Size ?? pre.Width }, preprocessing = pre.Describe(), layers },
                CliJson.Options));
            return 0;
        }

        var table = new Table().Title($"{Markup.Escape(model.Name)}: {layers.Count} layers, {layers.Sum(l => l.ParameterCount):N0} parameters")
            .Caption($"input {Markup.Escape(pre.Describe())}")
            .AddColumns("layer", "alias", "kind", "output shape", "params", "receptive field", "stride");
        foreach (var l in layers)
        {
            table.AddRow(
                Markup.Escape(l.Name),
                Markup.Escape(l.Alias ?? string.Empty),
                Markup.Escape(l.Kind),
                l.OutputShape.Count == 0 ? "-" : Markup.Escape("[" + string.Join("x", l.OutputShape) + "]"),
                l.ParameterCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                l.ReceptiveField?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                l.Stride?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        }

        console.Write(table);
        return 0;
    }
}
