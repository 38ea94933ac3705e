using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Wrappers;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Wrappers;

public class AugmentationSmoothingTests
{
    [Fact]
    public void Should_average_the_map_and_the_mirrored_map_of_the_mirrored_image()
    {
        using var model = TinyModels.SmallConvNet();
        using var generator = new Generator(7);
        using var images = rand([2, 3, 16, 16], generator: generator);
        using var mirrored = images.flip(3);
        var request = new AttributionRequest { Layer = "relu1" };

        var smooth = new AugmentationSmoothing(new GradCam(), [1f]).Explain(model, images, request);
        var plain = new GradCam().Explain(model, images, request);
        var flipped = new GradCam().Explain(model, mirrored, request);

        for (var y = 0; y < 16; y++)
        {
            for (var x = 0; x < 16; x++)
            {
                var expected = (plain[1, 0].Raw[(y * 16) + x] + flipped[1, 0].Raw[(y * 16) + 15 - x]) / 2;
                Assert.Equal(expected, smooth[1, 0].Raw[(y * 16) + x], 5);
            }
        }

        Assert.Equal(plain[1, 0].Score, smooth[1, 0].Score, 5);
    }

    [Fact]
    public void Should_use_only_unzoomed_copies_outside_the_zoomed_region()
    {
        // The Grad-CAM of this random net can be zero over the whole centre of an image, which would hide the zoom: the
        // test takes the first image, from a private generator (the global one is shared with classes running in
        // parallel), whose unzoomed map is lit somewhere in the centre, and then checks the zoom.
        using var model = TinyModels.SmallConvNet();
        using var generator = new Generator(7);
        var request = new AttributionRequest { Layer = "relu1" };
        var centre = Enumerable.Range(4, 8).SelectMany(y => Enumerable.Range(4, 8).Select(x => (y * 16) + x)).ToArray();
        for (var attempt = 0; ; attempt++)
        {
            Assert.True(attempt < 32, "no image among 32 lights the centre of the map");
            using var images = rand([1, 3, 16, 16], generator: generator);
            var unzoomed = new AugmentationSmoothing(new GradCam(), [1f]).Explain(model, images, request);
            if (!centre.Any(i => unzoomed[0, 0].Raw[i] > 0))
            {
                continue;
            }

            var both = new AugmentationSmoothing(new GradCam(), [1f, 2f]).Explain(model, images, request);

            // A zoom of 2 sees the central 8x8 pixels (rows and columns 4..11): the corner pixel comes from scale 1 alone.
            Assert.Equal(unzoomed[0, 0].Raw[0], both[0, 0].Raw[0], 5);
            Assert.Contains(centre, i => Math.Abs(unzoomed[0, 0].Raw[i] - both[0, 0].Raw[i]) > 1e-6f);
            break;
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new AugmentationSmoothing(new GradCam(), [0.5f]));
    }
}
