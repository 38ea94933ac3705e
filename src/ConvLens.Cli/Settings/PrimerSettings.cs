using System.ComponentModel;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens primer</c>.</summary>
public sealed class PrimerSettings : OutputSettings
{
    [CommandOption("--seed <N>")]
    [Description("Seed of the random starting pattern of the filter dreaming.")]
    [DefaultValue(0)]
    public int Seed { get; init; }
}
