using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Gradients;
using ConvLens.Visualize.Attribution.Wrappers;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Wrappers;

public class SmoothGradTests
{
    [Fact]
    public void Should_equal_the_inner_method_When_noise_is_zero()
    {
        using var model = TinyModels.SmallConvNet();
        using var images = rand(2, 3, 16, 16);
        var request = new AttributionRequest();

        var smooth = new SmoothGrad(new IntegratedGradients(steps: 8), samples: 2, noiseLevel: 0).Explain(model, images, request);
        var plain = new IntegratedGradients(steps: 8).Explain(model, images, request);

        for (var i = 0; i < 256; i++)
        {
            Assert.Equal(plain[1, 0].Raw[i], smooth[1, 0].Raw[i], 5);
        }

        Assert.Equal("smooth-grad-integrated-gradients", new SmoothGrad(new IntegratedGradients()).Id);
    }

    [Fact]
    public void Should_depend_on_the_seed()
    {
        using var model = TinyModels.SmallConvNet();
        using var images = rand(1, 3, 16, 16);

        var a = new SmoothGrad(new Saliency(), samples: 3).Explain(model, images, new AttributionRequest { Seed = 1 });
        var b = new SmoothGrad(new Saliency(), samples: 3).Explain(model, images, new AttributionRequest { Seed = 2 });

        Assert.NotEqual(a[0, 0].Raw, b[0, 0].Raw);
    }
}
