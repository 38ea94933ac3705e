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

        var registered = OpRegistry.ImplementationTypes.ToHashSet();

        Assert.All(implementations, t => Assert.Contains(t, registered));
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
