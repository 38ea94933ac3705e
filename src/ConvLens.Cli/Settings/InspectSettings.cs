using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens inspect</c>.</summary>
public sealed class InspectSettings : ModelSettings
{
    [CommandOption("--json")]
    [Description("Print the layer table as JSON (for machines) instead of a table.")]
    public bool Json { get; init; }

    [CommandOption("--size <PIXELS>")]
    [Description("Input size (square) at which output shapes are computed. Default: the model's own input size.")]
    public int? Size { get; init; }

    public override ValidationResult Validate() =>
        Size is <= 0 or > 4096 ? ValidationResult.Error($"--size must be between 1 and 4096, got {Size}") : base.Validate();
}
