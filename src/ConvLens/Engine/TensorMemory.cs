using System.Runtime.InteropServices;

namespace ConvLens.Engine;

/// <summary>Process-wide tuning of the CPU memory behind libtorch's tensors.</summary>
public static class TensorMemory
{
    private const string Variable = "THP_MEM_ALLOC_ENABLE";

    /// <summary>
    /// Asks libtorch's CPU allocator to back tensors of 2 MB and more with transparent huge pages (its
    /// <c>THP_MEM_ALLOC_ENABLE</c> switch). Every large activation is otherwise a fresh run of 4 kB page faults: on
    /// the built-in ResNet18 at batch 16 this cuts a forward pass from about 430 to 350 ms (docs/performance.md).
    /// </summary>
    /// <remarks>
    /// libtorch reads the switch once, at its first CPU allocation, so call this (or <see cref="EngineStartup.Configure"/>)
    /// first thing in <c>Main</c>, before any tensor is made and before other threads start (it sets a native
    /// environment variable). A value the user already set (for example <c>THP_MEM_ALLOC_ENABLE=0</c> to opt out) is
    /// kept. Linux only; elsewhere a no-op.
    /// </remarks>
    /// <returns>True when the switch is on for this process.</returns>
    public static bool UseTransparentHugePages() =>
        OperatingSystem.IsLinux() && NativeEnvironment.SetDefault(Variable, "1") is { } value && value.Trim() is not ("" or "0");

    private const string RetainSwitch = "CONVLENS_RETAIN_FREED_MEMORY";

    // glibc's mallopt parameters (malloc.h).
    private const int TrimThresholdParameter = -1;
    private const int MmapThresholdParameter = -3;

    // The largest mmap threshold glibc accepts on 64-bit (HEAP_MAX_SIZE / 2), and how much free memory an arena may
    // keep at its top before it gives it back.
    private const int MmapThreshold = 32 * 1024 * 1024;
    private const int TrimThreshold = 256 * 1024 * 1024;

    private static readonly Lazy<bool> Retained = new(Retain, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Keeps blocks of up to 32 MB that the C library frees for the process to reuse, instead of handing them back to
    /// the kernel. libtorch's oneDNN path allocates a fresh buffer for every convolution's reordered weights on every
    /// call (9.4 MB for ResNet18's 512x512x3x3), and glibc by default maps such blocks freshly each time and unmaps them
    /// on free, so each call pays 2,300 page faults: 8-9 ms per reorder at batch 1 against 0.6 ms with the memory kept
    /// (docs/performance.md). A forward + backward of the built-in model at batch 8 takes about a quarter less time.
    /// </summary>
    /// <remarks>
    /// Sets glibc's mmap threshold to 32 MB and its trim threshold to 256 MB with <c>mallopt</c>, which takes effect at
    /// once, so it may come at any time; every model ConvLens loads calls it. Memory in use is unchanged; what the
    /// process keeps mapped after a peak stays mapped for reuse (at most the peak, as with any arena). A
    /// <c>MALLOC_MMAP_THRESHOLD_</c> or <c>MALLOC_TRIM_THRESHOLD_</c> the user set, or
    /// <c>CONVLENS_RETAIN_FREED_MEMORY=0</c>, leaves glibc as configured. Linux with glibc only; elsewhere a no-op.
    /// </remarks>
    /// <returns>True when freed memory is kept for reuse in this process.</returns>
    public static bool RetainFreedMemory() => Retained.Value;

    private static bool Retain()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(RetainSwitch) == "0"
            || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null
            || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null)
        {
            return false;
        }

        try
        {
            // The trim threshold first: a fixed mmap threshold also stops glibc from raising the trim threshold itself.
            return MallOpt(TrimThresholdParameter, TrimThreshold) == 1 && MallOpt(MmapThresholdParameter, MmapThreshold) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallOpt(int parameter, int value);
}
