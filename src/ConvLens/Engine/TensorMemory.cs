namespace ConvLens.Engine;

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
    /// libtorch reads the switch once, at its first CPU allocation, so call this (or <see cref="EngineStartup.Configure"/>)
    /// first thing in <c>Main</c>, before any tensor is made and before other threads start (it sets a native
    /// environment variable). A value the user already set (for example <c>THP_MEM_ALLOC_ENABLE=0</c> to opt out) is
    /// kept. Linux only; elsewhere a no-op.
    /// </remarks>
    /// <returns>True when the switch is on for this process.</returns>
    public static bool UseTransparentHugePages() =>
        OperatingSystem.IsLinux() && NativeEnvironment.SetDefault(Variable, "1") is { } value && value.Trim() is not ("" or "0");
}
