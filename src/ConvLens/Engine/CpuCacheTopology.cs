using System.Runtime.Intrinsics.X86;

namespace ConvLens.Engine;

/// <summary>The data caches this CPU reports through CPUID, and whether it reports them the way oneDNN reads them.</summary>
/// <param name="Vendor">The CPUID vendor string, e.g. <c>AuthenticAMD</c>; empty off x86.</param>
/// <param name="HidesCacheTopology">
/// True on an AMD CPU whose cache-topology leaf (CPUID 0x8000001D) is empty, as some virtual machines present it
/// (the leaf exists and the topoext flag is set, but every subleaf reads zero). oneDNN's CPU detection then computes
/// every cache as 1 byte, and its convolutions give wrong results or divide by zero (docs/engine.md).
/// </param>
/// <param name="L1DataBytes">Level-1 data cache per core from the legacy leaf 0x80000005, or 0 when unknown.</param>
/// <param name="L2Bytes">Level-2 cache per core from the legacy leaf 0x80000006, or 0 when unknown.</param>
/// <param name="L3Bytes">Level-3 cache as the legacy leaf 0x80000006 reports it (often the whole package), or 0.</param>
public sealed record CpuCacheTopology(string Vendor, bool HidesCacheTopology, uint L1DataBytes, uint L2Bytes, uint L3Bytes)
{
    private const int TopologyLeaf = unchecked((int)0x8000001D);

    // The subleaves of 0x8000001D that oneDNN reads: L1 data, L2, L3 (1 is the instruction cache).
    private static readonly int[] DataCacheSubleaves = [0, 2, 3];

    /// <summary>Reads this machine's CPUID; off x86 nothing is hidden and nothing is known.</summary>
    public static CpuCacheTopology Read() =>
        X86Base.IsSupported ? FromCpuId((leaf, sub) => X86Base.CpuId(leaf, sub)) : new(string.Empty, false, 0, 0, 0);

    /// <summary>Decides from CPUID answers (EAX, EBX, ECX, EDX for a leaf and subleaf): the rule, testable anywhere.</summary>
    public static CpuCacheTopology FromCpuId(Func<int, int, (int Eax, int Ebx, int Ecx, int Edx)> cpuid)
    {
        ArgumentNullException.ThrowIfNull(cpuid);
        var (_, b, c, d) = cpuid(0, 0);
        var vendor = string.Concat(Ascii(b), Ascii(d), Ascii(c));
        var maxExtended = (uint)cpuid(unchecked((int)0x80000000), 0).Eax;
        var l1 = maxExtended >= 0x80000005 ? ((uint)cpuid(unchecked((int)0x80000005), 0).Ecx >> 24) * 1024u : 0u;
        var legacy = maxExtended >= 0x80000006 ? cpuid(unchecked((int)0x80000006), 0) : default;
        var l2 = (((uint)legacy.Ecx >> 16) & 0xFFFF) * 1024u;
        var l3 = ((uint)legacy.Edx >> 18) * 512u * 1024u;

        // oneDNN's Xbyak reads subleaves 0 (L1d), 2 (L2) and 3 (L3) of 0x8000001D on every AMD CPU and multiplies
        // (ways+1)*(partitions+1)*(line+1)*(sets+1) out of EBX and ECX: zeros there make a 1-byte cache.
        var hides = vendor == "AuthenticAMD" && DataCacheSubleaves.Any(sub =>
            maxExtended < 0x8000001D || cpuid(TopologyLeaf, sub) is { Ebx: 0, Ecx: 0 });
        return new CpuCacheTopology(vendor, hides, l1, l2, l3);
    }

    private static string Ascii(int register) =>
        new(BitConverter.GetBytes(register).Select(x => (char)x).ToArray());
}
