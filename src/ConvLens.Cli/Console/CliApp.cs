using ConvLens.Cli.Commands;
using ConvLens.Cli.Settings;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli.Console;

/// <summary>Builds the convlens command tree and runs it with one-line errors and exit codes.</summary>
public static class CliApp
{
    /// <summary>Exit code for bad input (a file, a value or an option that is not accepted).</summary>
    public const int BadInput = 1;

    /// <summary>Exit code for a command line that does not parse.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code when the user cancelled with Ctrl+C.</summary>
    public const int Cancelled = 130;

    /// <summary>Runs convlens with <paramref name="args"/>, writing to <paramref name="console"/> (the terminal by default).</summary>
    /// <param name="args">The command line.</param>
    /// <param name="console">Where normal output goes (the terminal by default).</param>
    /// <param name="errors">Where the one-line error goes (standard error by default).</param>
    /// <param name="cancellation">Cancels long work cleanly.</param>
    public static int Run(string[] args, IAnsiConsole? console = null, TextWriter? errors = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        console ??= AnsiConsole.Console;
        errors ??= System.Console.Error;
        var verbose = IsVerbose(args);
        var app = new CommandApp();
        app.Configure(config =>
        {
            // Commands get the console through their constructor: the terminal, or a test's capture.
            config.Settings.Registrar.RegisterInstance<IAnsiConsole>(console);
            config.SetApplicationName("convlens");
            config.SetApplicationVersion(Version);
            config.ConfigureConsole(console);
            config.SetExceptionHandler((e, _) => ReportError(errors, e, args, verbose));
            config.SetHelpProvider(new RegistryHelpProvider(config.Settings));
            CommandRegistry.Register(config);
        });
        return app.Run(CommandRegistry.Normalize(args), cancellation);
    }

    /// <summary>The tool's version (the assembly's informational version, without the source revision).</summary>
    public static string Version { get; } =
        (typeof(CliApp).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>True when the command line asks for stack traces and libtorch's own warnings.</summary>
    public static bool IsVerbose(string[] args) => args.Contains("--verbose") || args.Contains("-v");

    private static int ReportError(TextWriter errors, Exception e, string[] args, bool verbose)
    {
        var (code, message) = e switch
        {
            OperationCanceledException => (Cancelled, "cancelled; no partial output was written"),
            CommandRuntimeException { InnerException: ChoiceException choice } => (UsageError, $"{OptionGiven(args, choice.Value)}: {choice.Message}"),
            CommandParseException or CommandRuntimeException => (UsageError, e.Message),
            ConvLensException => (BadInput, e.Message),
            IOException or UnauthorizedAccessException => (BadInput, e.Message),
            _ => (BadInput, $"unexpected failure ({e.GetType().Name}): {e.Message}"),
        };
        // Plain text, never wrapped: one line a script can grep.
        errors.WriteLine($"error: {OneLine(message)}");
        if (verbose)
        {
            errors.WriteLine(e.ToString());
        }

        return code;
    }

    /// <summary>The option <paramref name="value"/> was given to: Spectre's conversion errors name the value only.</summary>
    private static string OptionGiven(string[] args, string value)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith('-') && (args[i].EndsWith('=' + value, StringComparison.Ordinal) || args[i].EndsWith(':' + value, StringComparison.Ordinal)))
            {
                return args[i][..^(value.Length + 1)];
            }

            if (i > 0 && args[i] == value && args[i - 1].StartsWith('-'))
            {
                return args[i - 1];
            }
        }

        return "an option";
    }

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
