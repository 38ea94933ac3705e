using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Engine;

public class EngineTests
{
    [Fact]
    public void Should_run_a_tensor_op_and_a_backward_pass()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3 }, requires_grad: true);
        var y = (x * x).sum();
        y.backward();

        Assert.Equal(14f, y.item<float>());
        Assert.Equal(new float[] { 2, 4, 6 }, x.grad!.data<float>().ToArray());
    }
}
