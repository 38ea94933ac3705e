using System.Diagnostics;

namespace ConvLens.Tests.Packaging;

/// <summary>Runs the dotnet CLI, or a program it installed, as a user would, and fails with its output when it fails.</summary>
internal static class DotnetProcess
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static Task<string> Dotnet(params string[] arguments) => Run("dotnet", arguments);

    public static async Task<string> Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        try
        {
            await child.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in 12 minutes");
        }

        Assert.True(child.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {child.ExitCode}:\n{await output}\n{await errors}");
        return await output;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConvLens.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no ConvLens.slnx above {AppContext.BaseDirectory}");
    }
}
