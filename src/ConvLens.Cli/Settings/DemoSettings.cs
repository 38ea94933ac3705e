using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Settings;

/// <summary>Options of <c>convlens demo</c>.</summary>
public sealed class DemoSettings : OutputSettings
{
    [CommandOption("--seed <N>")]
    [Description("Random seed for every section, so the demo can be reproduced.")]
    [DefaultValue(0)]
    public int Seed { get; init; }

    [CommandOption("--only <IDS>")]
    [Description("Comma-separated section ids to run (default: all).")]
    public string? Only { get; init; }

    public override ValidationResult Validate()
    {
        var known = Demo.DemoSections.All.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = Sections().Where(id => !known.Contains(id)).ToList();
        return unknown.Count == 0
            ? ValidationResult.Success()
            : ValidationResult.Error($"--only: unknown section '{string.Join(", ", unknown)}'; accepted: {string.Join(", ", known)}");
    }

    /// <summary>The requested section ids, or all.</summary>
    public IReadOnlyList<string> Sections() =>
        Only is null
            ? [.. Demo.DemoSections.All.Select(s => s.Id)]
            : [.. Only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
