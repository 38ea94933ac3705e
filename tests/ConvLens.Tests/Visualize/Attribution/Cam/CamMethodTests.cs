using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Gradients;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Cam;

public class CamMethodTests
{
    [Fact]
    public void Should_name_spatial_layers_When_the_layer_has_no_spatial_extent()
    {
        using var model = TinyModels.SmallConvNet();
        using var images = rand(1, 3, 16, 16);

        var error = Assert.Throws<ConvLensException>(() => new GradCam().Explain(model, images, new AttributionRequest { Layer = "pool" }));

        Assert.Contains("no spatial extent", error.Message, StringComparison.Ordinal);
        Assert.Contains("relu2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_list_layers_When_the_layer_is_unknown()
    {
        using var model = TinyModels.SmallConvNet();
        using var images = rand(1, 3, 16, 16);

        var error = Assert.Throws<ConvLensException>(() => new GradCam().Explain(model, images, new AttributionRequest { Layer = "conv9" }));

        Assert.Contains("conv1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_pick_the_last_spatial_layer_When_no_layer_is_given()
    {
        using var model = TinyModels.SmallConvNet();
        using var images = rand(1, 3, 16, 16);

        var result = new GradCam().Explain(model, images, new AttributionRequest());

        Assert.Equal("relu2", result.Layer);
    }

    [Fact]
    public void Should_return_zeros_with_a_warning_When_the_map_is_constant()
    {
        using var model = TinyModels.SmallConvNet();
        using var images = zeros(1, 3, 16, 16);

        // A black image gives a spatially constant conv output: the CAM carries no ranking.
        var result = new GradCam().Explain(model, images, new AttributionRequest { Layer = "conv1", Targets = [new ClassLogit(1)] });

        Assert.All(result[0, 0].Values, v => Assert.Equal(0f, v));
        Assert.NotNull(result[0, 0].Warning);
        Assert.Single(result.Warnings);
    }

    [Fact]
    public void Should_rank_a_map_of_tiny_but_real_values_like_the_same_map_at_full_size()
    {
        using var model = TinyModels.SmallConvNet();
        using var images = rand(1, 3, 16, 16, generator: new Generator(5));
        var full = new Saliency().Explain(model, images, new AttributionRequest { Targets = [new ClassLogit(1)] });
        using (no_grad())
        {
            // The last layer scaled by 2^-40 (~1e-12, exact in float32): every input gradient is exactly that much
            // smaller, as small as deep detectors give.
            var fc = (TorchSharp.Modules.Linear)model.Module.named_modules().Single(m => m.name == "fc").module;
            fc.weight!.mul_(MathF.ScaleB(1f, -40));
        }

        var tiny = new Saliency().Explain(model, images, new AttributionRequest { Targets = [new ClassLogit(1)] });

        Assert.Null(tiny[0, 0].Warning);
        Assert.True(tiny[0, 0].Raw.Max() < 1e-9f);
        Assert.Equal(full[0, 0].Values, tiny[0, 0].Values);
    }

    [Fact]
    public void Should_give_each_target_its_own_map_from_one_forward_pass()
    {
        using var model = TinyModels.SmallConvNet();
        using var images = rand(2, 3, 16, 16);

        var both = new GradCam().Explain(model, images, new AttributionRequest { Layer = "relu2", Targets = [new ClassLogit(0), new ClassLogit(2)] });
        var second = new GradCam().Explain(model, images, new AttributionRequest { Layer = "relu2", Targets = [new ClassLogit(2)] });

        Assert.Equal(second[1, 0].Raw, both[1, 1].Raw);
        Assert.NotEqual(both[1, 0].Raw, both[1, 1].Raw);
    }

    [Fact]
    public void Should_match_single_image_maps_When_images_are_batched()
    {
        using var model = TinyModels.SmallConvNet();
        using var images = rand(3, 3, 16, 16);

        var batched = new GradCamPlusPlus().Explain(model, images, new AttributionRequest { Layer = "relu2", BatchSize = 3 });
        var single = new GradCamPlusPlus().Explain(model, images[2..3], new AttributionRequest { Layer = "relu2" });

        for (var i = 0; i < 256; i++)
        {
            Assert.Equal(single[0, 0].Raw[i], batched[2, 0].Raw[i], 4);
        }
    }
}
