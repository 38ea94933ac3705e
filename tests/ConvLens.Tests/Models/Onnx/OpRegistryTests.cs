using ConvLens.Models.Onnx;
using ConvLens.Models.Onnx.Ops;

namespace ConvLens.Tests.Models.Onnx;

public class OpRegistryTests
{
    [Fact]
    public void Should_register_every_op_implementation_in_the_assembly()
    {
        var implementations = typeof(IOnnxOp).Assembly.GetTypes()
            .Where(t => typeof(IOnnxOp).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false });

        var registered = OpRegistry.All.Select(e => e.Impl.GetType()).ToHashSet();

        Assert.All(implementations, t => Assert.Contains(t, registered));
    }

    [Fact]
    public void Should_have_one_row_per_op_and_since_version()
    {
        var rows = OpRegistry.All.Select(e => $"{e.Op}@{e.Since}").ToList();

        Assert.Equal(rows.Count, rows.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Should_give_every_since_version_of_an_op_the_same_traits()
    {
        var disagreeing = OpRegistry.All.GroupBy(e => e.Op).Where(g => g.Select(e => e.Traits).Distinct().Count() > 1).Select(g => g.Key);

        Assert.Empty(disagreeing);
    }

    [Theory]
    [InlineData("SlidingWindow", "AveragePool,Conv,MaxPool")]
    [InlineData("Resamples", "ConvTranspose,GridSample,Resize,Upsample")]
    public void Should_derive_the_trait_lists_from_the_registry_rows(string trait, string expected)
    {
        // The trait is named as text: OpTraits is internal and xunit theories are public.
        var ops = OpRegistry.SupportedOps.Where(op => OpRegistry.TraitsOf(op).HasFlag(Enum.Parse<OpTraits>(trait)));

        Assert.Equal(expected, string.Join(",", ops));
    }

    [Fact]
    public void Should_walk_through_activations_and_norms_but_not_through_convolutions()
    {
        Assert.True(OpRegistry.TraitsOf("Relu").HasFlag(OpTraits.PassThrough));
        Assert.True(OpRegistry.TraitsOf("BatchNormalization").HasFlag(OpTraits.PassThrough));
        Assert.False(OpRegistry.TraitsOf("Conv").HasFlag(OpTraits.PassThrough));
        Assert.True(OpRegistry.TraitsOf("GlobalAveragePool").HasFlag(OpTraits.MixesAllPositions));
        Assert.Equal(OpTraits.None, OpRegistry.TraitsOf("LpPool"));
    }

    [Fact]
    public void Should_pick_the_highest_since_version_at_or_below_the_opset()
    {
        Assert.NotNull(OpRegistry.Resolve("Conv", 8));
        Assert.Null(OpRegistry.Resolve("HardSwish", 13));
        Assert.IsType<ResizeOp>(OpRegistry.Resolve("Resize", 13));
        Assert.Null(OpRegistry.Resolve("NoSuchOp", 17));
        Assert.Equal(OpRegistry.SupportedOps.Count, OpRegistry.SupportedOps.Distinct().Count());
    }
}
