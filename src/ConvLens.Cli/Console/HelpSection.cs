namespace ConvLens.Cli.Console;

/// <summary>What a value placeholder of the help text (MODEL, TARGET, ...) accepts: lines of prose, then forms with their meaning.</summary>
internal sealed record HelpSection(IReadOnlyList<string> Lines, IReadOnlyList<SyntaxForm> Forms);
