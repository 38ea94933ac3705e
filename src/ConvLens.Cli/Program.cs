using ConvLens.Cli.Console;
using ConvLens.Engine;
using Spectre.Console;

// Before any tensor exists: libtorch reads its switches at its first allocation. --verbose keeps libtorch's warnings.
EngineStartup.Configure(showNativeWarnings: CliApp.IsVerbose(args));

using var cancellation = new CancellationTokenSource();
System.Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C asks the running work to stop cleanly (no half-written output); a second one kills the process.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};
if (System.Console.IsOutputRedirected)
{
    // Piped output has no terminal width; keep tables readable instead of wrapping at 80 columns.
    AnsiConsole.Console.Profile.Width = 200;
}

return CliApp.Run(args, cancellation: cancellation.Token);
