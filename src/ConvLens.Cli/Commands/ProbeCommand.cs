using ConvLens.Cli.Settings;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Commands;

public sealed class ProbeCommand : Command<OutputSettings>
{
    public override int Execute(CommandContext context, OutputSettings settings) => 0;
}
