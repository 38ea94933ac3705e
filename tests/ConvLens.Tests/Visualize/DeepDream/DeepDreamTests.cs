using ConvLens.Imaging;
using ConvLens.Models;
using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.DeepDream;
using ConvLens.Visualize.Maximize;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.DeepDream;

[Collection("Sequential")]
public class DeepDreamTests
{
    private static readonly DeepDreamOptions Small = new() { Octaves = 3, StepsPerOctave = 4, Jitter = 8 };

    [Fact]
    public void Should_amplify_the_layer_and_keep_the_image_size()
    {
        using var model = MaximizeModels.ThreeConvNet();
        var photo = Cat(96);
        var objective = Objectives.Layer("relu2");

        var result = ConvLens.Visualize.DeepDream.DeepDream.Run(model, photo, objective, Small with { KeepFrames = true });

        Assert.Equal(96, result.Image.Width);
        Assert.Equal(64, result.Image.Height);
        Assert.Equal(12, result.Frames.Count);
        Assert.Equal(12, result.ObjectiveByStep.Count);
        Assert.True(Score(model, objective, result.Image) > 1.5 * Score(model, objective, photo),
            $"objective {Score(model, objective, photo)} -> {Score(model, objective, result.Image)}");
    }

    [Fact]
    public void Should_tile_large_images_and_still_amplify()
    {
        using var model = MaximizeModels.ThreeConvNet();
        var photo = Cat(150);
        var objective = Objectives.Channel("conv3", 4);

        var tiled = ConvLens.Visualize.DeepDream.DeepDream.Run(model, photo, objective, Small with { TileSize = 40, Jitter = 0 });

        Assert.Equal(150, tiled.Image.Width);
        Assert.True(Score(model, objective, tiled.Image) > Score(model, objective, photo));
    }

    [Fact]
    public void Should_be_deterministic_for_a_seed_and_flat_in_memory()
    {
        using var model = MaximizeModels.ThreeConvNet();
        var photo = Cat(80);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var a = ConvLens.Visualize.DeepDream.DeepDream.Run(model, photo, Objectives.Layer("relu3"), Small with { Seed = 5 });
        var b = ConvLens.Visualize.DeepDream.DeepDream.Run(model, photo, Objectives.Layer("relu3"), Small with { Seed = 5 });
        var c = ConvLens.Visualize.DeepDream.DeepDream.Run(model, photo, Objectives.Layer("relu3"), Small with { Seed = 6 });

        Assert.Equal(a.Image.Pixels, b.Image.Pixels);
        Assert.NotEqual(a.Image.Pixels, c.Image.Pixels);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Should_reject_bad_options_with_a_clear_message()
    {
        using var model = MaximizeModels.ThreeConvNet();

        var error = Assert.Throws<ConvLensException>(() =>
            ConvLens.Visualize.DeepDream.DeepDream.Run(model, Cat(64), Objectives.Layer("relu3"), new DeepDreamOptions { OctaveScale = 0.5 }));

        Assert.Contains("octave scale", error.Message, StringComparison.Ordinal);
    }

    private static RgbImage Cat(int width)
    {
        using var scope = NewDisposeScope();
        var image = ImageTensor.ToTensor(ImageDecoder.Load(MaximizeModels.Sample("chelsea.png")));
        var height = (int)Math.Round(width * image.shape[1] / (double)image.shape[2]);
        return ImageTensor.FromTensor(ImageTensor.Resize(image, height, width));
    }

    private static double Score(LoadedModel model, Objective objective, RgbImage image)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = ImageTensor.ToTensor(image).unsqueeze(0);
        var run = model.Run(x, [.. objective.Layers]);
        return objective.Evaluate(new ObjectiveContext(run, x, x)).item<float>();
    }
}
