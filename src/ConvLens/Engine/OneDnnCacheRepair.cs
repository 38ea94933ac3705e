using System.Globalization;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace ConvLens.Engine;

/// <summary>What ConvLens did about oneDNN's view of the CPU caches.</summary>
public enum OneDnnCacheState
{
    /// <summary>The CPU reports its caches (or is not x86): oneDNN runs as shipped.</summary>
    NotNeeded,

    /// <summary>The CPU hides its cache topology; oneDNN's cache sizes were set from CPUID's legacy leaves.</summary>
    Repaired,

    /// <summary>The CPU hides its cache topology and the repair was not possible: libtorch's oneDNN (MKL-DNN) path is off,
    /// so convolutions run on libtorch's own kernels (correct, several times slower).</summary>
    OneDnnDisabled,

    /// <summary><c>CONVLENS_ONEDNN_CACHE_REPAIR=0</c>: nothing was done, and convolutions on this CPU can be wrong.</summary>
    SwitchedOff,
}

/// <summary>The outcome of <see cref="OneDnnCacheRepair.Ensure"/>.</summary>
/// <param name="State">What was done.</param>
/// <param name="Detail">One line for <c>--verbose</c> and the docs: sizes written, or why the repair was not possible.</param>
public sealed record OneDnnCacheStatus(OneDnnCacheState State, string Detail);

/// <summary>
/// Gives libtorch's oneDNN the real cache sizes on CPUs that hide their cache topology. oneDNN's CPU detection (its
/// bundled Xbyak) reads AMD's cache leaf 0x8000001D; where a virtual machine answers it with zeros, every cache comes
/// out as 1 byte, and the blocking that oneDNN derives from it makes convolutions wrong (about one shape in six, forward
/// and backward, whenever channels are not a multiple of 16) or divides by zero (the backward of some strided 1x1
/// convolutions kills the process). docs/engine.md has the evidence.
/// </summary>
/// <remarks>
/// oneDNN keeps what it detected in one static object inside libtorch_cpu.so, filled at its first use and read again
/// each time a primitive is set up. The repair makes oneDNN fill it (one small convolution whose shape it computes
/// correctly either way), finds it in libtorch_cpu.so's writable memory by its unmistakable content (sizes 1,1,1 and
/// sharing 1,1,1 over three levels), and writes the sizes CPUID's legacy leaves 0x80000005/6 report. Only an exact,
/// single match is written; anything else turns libtorch's oneDNN path off instead, so results are never wrong.
/// </remarks>
public static class OneDnnCacheRepair
{
    private const string Switch = "CONVLENS_ONEDNN_CACHE_REPAIR";

    // Xbyak::util::Cpu: uint32_t dataCacheSize_[10], coresSharignDataCache_[10], dataCacheLevels_, as its AMD branch
    // fills them from an all-zero leaf 0x8000001D.
    private static readonly uint[] DegenerateDescription = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 3];

    // A Zen core's share of the L3 that a package-wide legacy L3 figure stands for (32 MB shared by 8 cores).
    private const uint L3SharePerCore = 4u * 1024 * 1024;

    private static readonly Lazy<OneDnnCacheStatus> Outcome = new(Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Repairs oneDNN's cache sizes once per process when this CPU needs it; later calls return the first outcome.</summary>
    /// <remarks>Every model ConvLens loads calls it before its first convolution; it costs about 55 ms once (a small
    /// convolution and a scan of 11 MB).</remarks>
    public static OneDnnCacheStatus Ensure() => Outcome.Value;

    private static OneDnnCacheStatus Apply()
    {
        var cpu = CpuCacheTopology.Read();
        if (!cpu.HidesCacheTopology)
        {
            return new(OneDnnCacheState.NotNeeded, $"{cpu.Vendor} CPU reports its cache topology");
        }

        if (Environment.GetEnvironmentVariable(Switch) == "0")
        {
            return new(OneDnnCacheState.SwitchedOff, $"{Switch}=0: oneDNN sees 1-byte caches, and convolutions can be wrong");
        }

        var reason = TryWriteSizes(cpu);
        if (reason is null)
        {
            return new(OneDnnCacheState.Repaired,
                $"CPU hides its cache topology; oneDNN now sees L1d {cpu.L1DataBytes / 1024} KB, L2 {cpu.L2Bytes / 1024} KB and {L3SharePerCore / (1024 * 1024)} MB of L3 per core");
        }

        return DisableOneDnn(reason);
    }

    /// <summary>Writes the legacy leaves' sizes into oneDNN's CPU description; returns why not, or null on success.</summary>
    private static string? TryWriteSizes(CpuCacheTopology cpu)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the repair reads /proc/self/maps, which only Linux has";
        }

        if (cpu.L1DataBytes == 0 || cpu.L2Bytes == 0)
        {
            return "CPUID's legacy cache leaves report no sizes either";
        }

        // oneDNN fills its CPU description at its first use: a convolution its blocking gets right even with 1-byte
        // caches (16 channels in and out, batch 2, which libtorch sends to oneDNN).
        using (var scope = NewDisposeScope())
        {
            nn.functional.conv2d(ones(2, 16, 4, 4), ones(16, 16, 3, 3), padding: [1, 1]);
        }

        var matches = FindInWritableMemory("libtorch_cpu.so", DegenerateDescription);
        if (matches.Count != 1)
        {
            return $"oneDNN's CPU description was found {matches.Count} times in libtorch_cpu.so (expected exactly once)";
        }

        var at = matches[0];
        var l3Sharing = Math.Max(1u, cpu.L3Bytes / L3SharePerCore);
        Write(at, 0, cpu.L1DataBytes);
        Write(at, 1, cpu.L2Bytes);
        Write(at, 2, l3Sharing * L3SharePerCore);
        Write(at, 12, l3Sharing);
        return null;
    }

    private static void Write(nint description, int index, uint value) => Marshal.WriteInt32(description, index * sizeof(uint), unchecked((int)value));

    /// <summary>Addresses in <paramref name="library"/>'s writable mappings (data and the bss after it) where <paramref name="words"/> stand.</summary>
    private static List<nint> FindInWritableMemory(string library, uint[] words)
    {
        var lines = File.ReadAllLines("/proc/self/maps");
        var regions = new List<(nint Start, long Length)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || !fields[1].StartsWith("rw", StringComparison.Ordinal) || Path.GetFileName(fields[5]) != library)
            {
                continue;
            }

            var (start, end) = Range(fields[0]);
            regions.Add((start, end - start));
            // The bss is the anonymous writable mapping that starts where the file's data ends.
            if (i + 1 < lines.Length && lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: 5 } next
                && next[1].StartsWith("rw", StringComparison.Ordinal) && Range(next[0]).Start == end)
            {
                var (bssStart, bssEnd) = Range(next[0]);
                regions.Add((bssStart, bssEnd - bssStart));
            }
        }

        var found = new List<nint>();
        foreach (var (start, length) in regions)
        {
            var copy = new byte[length];
            Marshal.Copy(start, copy, 0, copy.Length);
            var values = MemoryMarshal.Cast<byte, uint>(copy);
            for (var i = 0; i + words.Length <= values.Length; i++)
            {
                if (values[i] == words[0] && values.Slice(i, words.Length).SequenceEqual(words))
                {
                    found.Add(start + (i * sizeof(uint)));
                }
            }
        }

        return found;
    }

    private static (nint Start, nint End) Range(string field)
    {
        var dash = field.IndexOf('-', StringComparison.Ordinal);
        return ((nint)long.Parse(field.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            (nint)long.Parse(field.AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    private static OneDnnCacheStatus DisableOneDnn(string reason)
    {
        try
        {
            SetUserEnabledMkldnn(GlobalContext(), false);
            return new(OneDnnCacheState.OneDnnDisabled, $"CPU hides its cache topology and {reason}; libtorch's oneDNN path is off (correct, slower)");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new ConvLensException(
                $"this CPU hides its cache topology, so libtorch's oneDNN would compute wrong convolutions, and neither repair worked ({reason}; no at::Context in libtorch_cpu). Set ONEDNN_MAX_CPU_ISA=SSE41 before starting, or {Switch}=0 to run unprotected.", e);
        }
    }

    // at::globalContext() and at::Context::setUserEnabledMkldnn(bool): libtorch's public C++ API, mangled (Itanium ABI).
    [DllImport("torch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern nint GlobalContext();

    [DllImport("torch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern void SetUserEnabledMkldnn(nint context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
