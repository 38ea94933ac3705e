using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Gradients;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Gradients;

public class GuidedBackpropTests
{
    [Fact]
    public void Should_pass_only_positive_gradients_at_positive_activations()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { -1, 2, 3, 4 }).requires_grad_(true);
        var upstream = tensor(new float[] { 5, -6, 7, 0 });

        var y = GuidedRelu.Apply(nn.functional.relu(x));
        var grad = autograd.grad([(y * upstream).sum()], [x])[0];

        Assert.Equal([0f, 2f, 3f, 4f], y.detach().data<float>().ToArray());
        Assert.Equal([0f, 0f, 7f, 0f], grad.data<float>().ToArray());
    }

    [Fact]
    public void Should_differ_from_plain_saliency_and_leave_relus_alone_afterwards()
    {
        using var model = TinyModels.SmallConvNet();
        using var images = rand(1, 3, 16, 16);
        var request = new AttributionRequest();
        var before = new Saliency().Explain(model, images, request);

        var guided = new GuidedBackprop().Explain(model, images, request);
        var after = new Saliency().Explain(model, images, request);

        Assert.NotEqual(before[0, 0].Raw, guided[0, 0].Raw);
        Assert.Equal(before[0, 0].Raw, after[0, 0].Raw);
    }
}
