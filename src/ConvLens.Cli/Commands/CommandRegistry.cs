using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>The one list of convlens commands: one line per command.</summary>
internal static class CommandRegistry
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<DemoCommand>("demo").WithDescription("Run every method on the built-in model and sample photos; writes OUT/index.html.");
        config.AddCommand<PrimerCommand>("primer").WithDescription("The teaching primer: a 6x6 image (x) 3x3 kernel feature map, and a dreamed filter pattern (PNG + GIF).");
        config.AddCommand<CamCommand>("cam").WithDescription("Why a prediction happened: Grad-CAM family and gradient heatmaps on photos, with faithfulness metrics.");
        config.AddCommand<InspectCommand>("inspect").WithDescription("List a model's layers with output shapes, parameters and receptive fields.");
    }
}
