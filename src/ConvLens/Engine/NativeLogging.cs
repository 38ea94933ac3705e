using System.Runtime.InteropServices;

namespace ConvLens.Engine;

/// <summary>The level below which libtorch's own log lines (c10 logging: warnings such as NNPACK's) are dropped.</summary>
public static class NativeLogging
{
    private const string Variable = "TORCH_CPP_LOG_LEVEL";

    /// <summary>
    /// Keeps libtorch's warnings off the terminal: only errors are printed. On CPUs whose cache topology a virtual
    /// machine hides, every convolution set-up otherwise prints "Could not initialize NNPACK! Reason: Unsupported
    /// hardware." (55 lines in one demo run); such warnings say nothing about the results.
    /// </summary>
    /// <param name="showWarnings">True to leave libtorch's warnings on (a <c>--verbose</c> run).</param>
    /// <returns>The level in force: the user's own <c>TORCH_CPP_LOG_LEVEL</c> when set, else the one chosen here; null
    /// when it could not be applied (no <c>setenv</c> or no c10 library), in which case libtorch logs as it always does.</returns>
    /// <remarks>
    /// libtorch applies <c>TORCH_CPP_LOG_LEVEL</c> only inside <c>c10::initLogging()</c>, which PyTorch's Python module
    /// calls and a plain libtorch program does not, so this sets the variable natively and then calls it. Safe to call
    /// more than once and at any time; lines already printed stay printed.
    /// </remarks>
    public static string? Configure(bool showWarnings = false)
    {
        var level = NativeEnvironment.SetDefault(Variable, showWarnings ? "WARNING" : "ERROR");
        if (level is null)
        {
            return null;
        }

        try
        {
            InitLogging();
            return level;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    // c10::initLogging() (a C++ symbol, so its mangled name): reads TORCH_CPP_LOG_LEVEL into c10's minimum level.
    [DllImport("c10", EntryPoint = "_ZN3c1011initLoggingEv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern void InitLogging();
}
