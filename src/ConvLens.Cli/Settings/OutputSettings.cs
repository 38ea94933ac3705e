using System.ComponentModel;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options every command has: where outputs go and how errors are shown.</summary>
public class OutputSettings : CommandSettings
{
    [CommandOption("-o|--out <DIR>")]
    [Description("Folder for the outputs (created if missing). Default: outputs/<command>.")]
    public string? Out { get; init; }

    [CommandOption("-v|--verbose")]
    [Description("Show the full stack trace when something fails.")]
    public bool Verbose { get; init; }

    /// <summary>The output folder, defaulting to outputs/<paramref name="command"/>.</summary>
    public string OutputFolder(string command) => Path.GetFullPath(Out ?? Path.Combine("outputs", command));
}
