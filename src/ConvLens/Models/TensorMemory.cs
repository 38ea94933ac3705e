using System.Runtime.InteropServices;

namespace ConvLens.Models;

/// <summary>Process-wide tuning of libtorch's CPU memory that must happen before the first tensor exists.</summary>
public static class TensorMemory
{
    private const string Variable = "THP_MEM_ALLOC_ENABLE";

    /// <summary>
    /// Asks libtorch's CPU allocator to back tensors of 2 MB and more with transparent huge pages (its
    /// <c>THP_MEM_ALLOC_ENABLE</c> switch). Every large activation is otherwise a fresh run of 4 kB page faults: on
    /// the built-in ResNet18 at batch 16 this cuts a forward pass from about 430 to 350 ms (docs/performance.md).
    /// </summary>
    /// <remarks>
    /// libtorch reads the switch once, at its first CPU allocation, so call this first thing in <c>Main</c>, before
    /// any tensor is made and before other threads start (it sets a native environment variable). A value the user
    /// already set (for example <c>THP_MEM_ALLOC_ENABLE=0</c> to opt out) is kept. Linux only; elsewhere a no-op.
    /// </remarks>
    /// <returns>True when the switch is on for this process.</returns>
    public static bool UseTransparentHugePages()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        if (Environment.GetEnvironmentVariable(Variable) is { } existing)
        {
            return existing.Trim() is not ("" or "0");
        }

        // .NET keeps its own copy of the environment on Unix; libtorch's getenv only sees the native one.
        try
        {
            return SetEnv(CString(Variable), CString("1"), 0) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without setenv under this name: run without the tuning rather than fail.
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetEnv(byte[] name, byte[] value, int overwrite);

    private static byte[] CString(string s) => System.Text.Encoding.UTF8.GetBytes(s + "\0");
}
