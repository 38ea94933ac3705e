using System.ComponentModel;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens cam merge</c>.</summary>
public sealed class CamMergeSettings : OutputSettings
{
    [CommandArgument(0, "<PARTS>")]
    [Description("Output folders of `convlens cam MODEL DATASET --shard I/N|auto` (every shard once, any order); the arguments are the ones the parts recorded.")]
    public string[] Parts { get; init; } = [];
}
