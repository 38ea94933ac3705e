using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

/// <summary>The one list of convlens commands: one line per command.</summary>
internal static class CommandRegistry
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<InspectCommand>("inspect").WithDescription("List a model's layers with output shapes, parameters and receptive fields.");
        config.AddCommand<MaximizeCommand>("maximize").WithDescription("Synthesize the images that excite chosen channels most (feature visualization).");
        config.AddCommand<DreamCommand>("dream").WithDescription("DeepDream: amplify what a layer sees in a photograph.");
    }
}
