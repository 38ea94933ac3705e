using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens stats merge</c>.</summary>
public sealed class StatsMergeSettings : OutputSettings
{
    [CommandArgument(0, "<PARTS>")]
    [Description("stats.json files written by `convlens stats --shard I/N` (any order).")]
    public string[] Parts { get; init; } = [];

    [CommandOption("--rare <PERCENT>")]
    [Description("A channel firing on fewer than this percentage of images is 'rarely active'. Default: 1.")]
    [DefaultValue(1.0)]
    public double Rare { get; init; } = 1.0;

    public override ValidationResult Validate() =>
        Rare is < 0 or > 100
            ? ValidationResult.Error($"--rare must be a percentage 0..100, got {Rare.ToString(CultureInfo.InvariantCulture)}")
            : ValidationResult.Success();
}
