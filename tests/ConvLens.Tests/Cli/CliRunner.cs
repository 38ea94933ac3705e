using ConvLens.Cli.Console;
using Spectre.Console;

namespace ConvLens.Tests.Cli;

/// <summary>Runs convlens in-process with captured output, as a user would from a shell.</summary>
internal static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        var code = CliApp.Run(args, console, errors);
        return new CliResult(code, output.ToString(), errors.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Errors)
{
    /// <summary>The error output must be exactly one line (no stack trace) for bad input.</summary>
    public string SingleErrorLine()
    {
        var lines = Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one error line, got {lines.Length}:\n{Errors}");
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        return lines[0];
    }
}
