using System.Runtime.InteropServices;

namespace ConvLens.Engine;

/// <summary>The process's native environment, which libtorch reads with <c>getenv</c>.</summary>
/// <remarks>
/// .NET keeps its own copy of the environment on Unix, so <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// never reaches native code: switches that libtorch reads must be set with the C library's <c>setenv</c>.
/// </remarks>
internal static class NativeEnvironment
{
    /// <summary>
    /// Sets <paramref name="name"/> natively unless the user already set it; returns the value in force afterwards,
    /// or null when this C library has no <c>setenv</c> (then libtorch runs with its defaults).
    /// </summary>
    public static string? SetDefault(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is { } existing)
        {
            return existing;
        }

        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return null;
        }

        try
        {
            return SetEnv(CString(name), CString(value), 0) == 0 ? value : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetEnv(byte[] name, byte[] value, int overwrite);

    private static byte[] CString(string s) => System.Text.Encoding.UTF8.GetBytes(s + "\0");
}
