using System.ComponentModel;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens atlas merge</c>.</summary>
public sealed class AtlasMergeSettings : OutputSettings
{
    [CommandArgument(0, "<PARTS>")]
    [Description("Output folders of `convlens atlas ... --shard I/N` (any order); the model and the atlas options are the ones the parts recorded.")]
    public string[] Parts { get; init; } = [];
}
