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

    [Fact]
    public void Should_square_and_vanish_When_SmoothGrad_squared_and_VarGrad_have_no_noise()
    {
        using var model = TinyModels.SmallConvNet();
        using var images = rand(2, 3, 16, 16);
        var request = new AttributionRequest();

        var plain = new Saliency().Explain(model, images, request);
        var squared = new SmoothGrad(new Saliency(), samples: 3, noiseLevel: 0, mode: SmoothGradMode.Squared).Explain(model, images, request);
        var variance = new SmoothGrad(new Saliency(), samples: 3, noiseLevel: 0, mode: SmoothGradMode.Variance).Explain(model, images, request);

        for (var i = 0; i < 256; i++)
        {
            Assert.Equal(plain[1, 0].Raw[i] * plain[1, 0].Raw[i], squared[1, 0].Raw[i], 5);
            Assert.Equal(0f, variance[1, 0].Raw[i], 5);
        }

        Assert.Equal(["smooth-grad-squared", "var-grad"], new[] { squared.Method, variance.Method });
    }

    [Fact]
    public void Should_equal_the_variance_of_the_samples_for_VarGrad()
    {
        using var model = TinyModels.SmallConvNet();
        using var images = rand(1, 3, 16, 16);
        var request = new AttributionRequest { Seed = 4 };

        var mean = new SmoothGrad(new Saliency(), samples: 4, mode: SmoothGradMode.Mean).Explain(model, images, request);
        var squared = new SmoothGrad(new Saliency(), samples: 4, mode: SmoothGradMode.Squared).Explain(model, images, request);
        var variance = new SmoothGrad(new Saliency(), samples: 4, mode: SmoothGradMode.Variance).Explain(model, images, request);

        // Per colour channel E[a²] - E[a]² ≤ E[a²], and the maximum over channels keeps the order.
        Assert.All(Enumerable.Range(0, 256), i => Assert.True(variance[0, 0].Raw[i] <= squared[0, 0].Raw[i] + 1e-6f));
        Assert.Contains(variance[0, 0].Raw, v => v > 1e-3f * squared[0, 0].Raw.Max());
        Assert.NotEqual(mean[0, 0].Raw, squared[0, 0].Raw);
    }
}
