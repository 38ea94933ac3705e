using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>The one list of convlens commands: one line per command.</summary>
internal static class CommandRegistry
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<InspectCommand>("inspect").WithDescription("List a model's layers with output shapes, parameters and receptive fields.");
    }
}
