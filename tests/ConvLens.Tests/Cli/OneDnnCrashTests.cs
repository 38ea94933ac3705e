using System.Diagnostics;
using ConvLens.Imaging;
using ConvLens.Engine;
using ConvLens.Tests.Support;

namespace ConvLens.Tests.Cli;

/// <summary>
/// Checks the detector against the crash itself: convlens, run as a child process with the cache repair switched off,
/// must die of SIGFPE exactly on the machines <see cref="CpuCacheTopology"/> flags, and run with it on (docs/engine.md).
/// If a libtorch update fixes oneDNN, or another machine crashes unflagged, this fails and says which.
/// </summary>
public class OneDnnCrashTests
{
    // How the crash shows: .NET reports a child killed by signal n as 128 + n on Unix; Windows has the NTSTATUS.
    private static readonly int CrashExitCode = OperatingSystem.IsWindows() ? unchecked((int)0xC0000094) : 128 + 8;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_die_of_SIGFPE_without_the_repair_only_When_the_cpu_hides_its_caches(bool repair)
    {
        using var folder = new TempFolder();
        var image = folder.File("gradient.png");
        await File.WriteAllBytesAsync(image, ImageEncoder.EncodePng(TestImages.Gradient(64, 64)));
        var cli = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ConvLens.Cli.exe" : "ConvLens.Cli");
        var start = new ProcessStartInfo(cli, ["cam", "torchvision:resnet50", image, "--method", "saliency", "--out", folder.File("out")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CONVLENS_ONEDNN_CACHE_REPAIR"] = repair ? "1" : "0";
        // An ISA cap inherited from the caller would hide the crash.
        start.Environment.Remove("ONEDNN_MAX_CPU_ISA");

        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await child.WaitForExitAsync(timeout.Token);

        var hidden = CpuCacheTopology.Read().HidesCacheTopology;
        var expected = hidden && !repair ? CrashExitCode : 0;
        Assert.True(expected == child.ExitCode, $"exit code {child.ExitCode}, expected {expected} (caches hidden: {hidden}, repair: {repair})\n{await output}\n{await errors}");
    }
}
