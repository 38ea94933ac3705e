using ConvLens.Cli.Console;
using ConvLens.Cli.Settings;
using ConvLens.Imaging;
using ConvLens.Visualize.Filters;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary><c>convlens filters MODEL --layer L</c>: a convolution's kernels as images, plus their norms as JSON.</summary>
public sealed class FiltersCommand(IAnsiConsole console) : Command<FiltersSettings>
{
    public override int Execute(CommandContext context, FiltersSettings settings, CancellationToken cancellationToken)
    {
        var colormap = Colormaps.Get(settings.Colormap);
        // Seeded first, so models with random weights (torchvision:NAME without weights) are the same in every run and shard.
        TorchSharp.torch.random.manual_seed(settings.Seed);
        using var model = settings.LoadModel();
        var r = FilterWeights.Compute(model, settings.Layer!, settings.Count);

        var output = new OutputFolder(settings.OutputFolder("filters"));
        var name = FileNames.Safe(r.DisplayName);
        if (r.IsRgb)
        {
            output.WritePng($"{name}-filters.png", FilterRenderer.RgbSheet(r));
        }
        else
        {
            output.WritePng($"{name}-kernels.png", FilterRenderer.GrayStripSheet(r, maxInputs: settings.Inputs));
        }

        output.WritePng($"{name}-norms.png", FilterRenderer.NormHeatStrip(r, colormap));
        output.WriteJson($"{name}-filters.json", new
        {
            model = model.Name,
            layer = r.Layer,
            displayName = r.DisplayName,
            shape = new[] { r.OutChannels, r.InChannels, r.KernelHeight, r.KernelWidth },
            maxAbs = r.MaxAbs,
            filters = r.Filters.Select(f => new { index = f.Index, norm = f.Norm, inputNorms = f.InputNorms }),
        });
        console.MarkupLine(Markup.Escape($"{r.DisplayName}: {r.OutChannels} filters of {r.InChannels}x{r.KernelHeight}x{r.KernelWidth}, drew {r.Filters.Count}"));
        foreach (var file in output.Written)
        {
            console.MarkupLine($"wrote [green]{Markup.Escape(file)}[/]");
        }

        return 0;
    }
}
