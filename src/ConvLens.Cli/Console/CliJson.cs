using System.Text.Json;

namespace ConvLens.Cli.Console;

/// <summary>The one JSON style of every convlens output: indented, camelCase.</summary>
public static class CliJson
{
    /// <summary>Serializer options shared by all commands.</summary>
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
