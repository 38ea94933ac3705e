using ConvLens.Engine;

namespace ConvLens.Tests.Engine;

public class CpuCacheTopologyTests
{
    // CPUID answers as read on this machine kind (AMD EPYC family 26 under KVM): the cache leaf is all zeros.
    private static (int, int, int, int) HiddenTopologyVm(int leaf, int sub) => unchecked((uint)leaf) switch
    {
        0 => (0xd, 0x68747541, 0x444d4163, 0x69746e65), // "AuthenticAMD"
        0x80000000 => (unchecked((int)0x80000021), 0, 0, 0),
        0x80000005 => (unchecked((int)0xff60ff40), unchecked((int)0xff60ff40), 0x300c0140, 0x20080140),
        0x80000006 => (0x40802040, 0x60804040, 0x04006140, 0x0fe09140),
        _ => (0, 0, 0, 0),
    };

    [Fact]
    public void Should_see_a_hidden_topology_and_the_legacy_sizes_When_the_AMD_cache_leaf_reads_zero()
    {
        var cpu = CpuCacheTopology.FromCpuId(HiddenTopologyVm);

        Assert.Equal("AuthenticAMD", cpu.Vendor);
        Assert.True(cpu.HidesCacheTopology);
        Assert.Equal(48u * 1024, cpu.L1DataBytes);
        Assert.Equal(1024u * 1024, cpu.L2Bytes);
        Assert.Equal(1016u * 512 * 1024, cpu.L3Bytes);
    }

    [Fact]
    public void Should_see_no_hidden_topology_When_the_AMD_cache_leaf_is_filled()
    {
        // Subleaves 0, 2 and 3 as a bare-metal Zen reports them (EBX ways/partitions/line, ECX sets).
        var cpu = CpuCacheTopology.FromCpuId((leaf, sub) => unchecked((uint)leaf) == 0x8000001D
            ? (0x121, 0x01C0003F, sub == 0 ? 63 : 2047, 0)
            : HiddenTopologyVm(leaf, sub));

        Assert.False(cpu.HidesCacheTopology);
    }

    [Fact]
    public void Should_see_no_hidden_topology_on_Intel_When_its_cache_leaf_is_empty()
    {
        // oneDNN guesses sane sizes when Intel's leaf 4 lists no caches, so only AMD's branch makes 1-byte caches.
        var cpu = CpuCacheTopology.FromCpuId((leaf, sub) => leaf == 0 ? (0xd, 0x756e6547, 0x6c65746e, 0x49656e69) : HiddenTopologyVm(leaf, sub));

        Assert.Equal("GenuineIntel", cpu.Vendor);
        Assert.False(cpu.HidesCacheTopology);
    }
}
