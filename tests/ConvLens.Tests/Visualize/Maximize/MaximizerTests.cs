using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Maximize;
using TorchSharp;

namespace ConvLens.Tests.Visualize.Maximize;

[Collection("Sequential")]
public class MaximizerTests
{
    private static readonly MaximizeOptions Quick = new() { Steps = 24, UpsampleTo = null, KeepFrames = false };

    [Fact]
    public void Should_increase_the_objective()
    {
        using var model = MaximizeModels.ThreeConvNet();
        using var image = new FourierImage(2, 48, 48, seed: 1);

        var result = Maximizer.Run(model, Objectives.Channels("conv3", [1, 2]), image, Transforms.Standard, Quick with { Steps = 48 });

        Assert.Equal(48, result.ObjectiveByStep.Count);
        Assert.True(result.ObjectiveByStep[^1] > 2 * result.ObjectiveByStep[0], $"objective went {result.ObjectiveByStep[0]} -> {result.ObjectiveByStep[^1]}");
        Assert.Equal(2, result.Images.Count);
        Assert.Equal(48, result.Images[0].Width);
    }

    [Fact]
    public void Should_give_identical_images_for_the_same_seed_and_different_ones_for_another()
    {
        using var model = MaximizeModels.ThreeConvNet();

        var first = Run(model, seed: 3);
        var again = Run(model, seed: 3);
        var other = Run(model, seed: 4);

        Assert.Equal(first.Pixels, again.Pixels);
        Assert.Equal(first.ObjectiveByStep, again.ObjectiveByStep);
        var maxDiff = first.Pixels.Zip(other.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff > 1e-3, $"different seeds gave images differing by at most {maxDiff}");
        Assert.Contains("seed=3", first.Manifest.Parameterization, StringComparison.Ordinal);
        Assert.Equal(3, first.Manifest.Options.Seed);
        Assert.Equal(["conv3"], first.Manifest.Layers);
        Assert.Equal(Transforms.Standard.Count, first.Manifest.Transforms.Count);

        static MaximizeResult Run(ConvLens.Models.LoadedModel model, long seed)
        {
            using var image = new FourierImage(2, 40, 40, seed: seed);
            return Maximizer.Run(model, Objectives.Channels("conv3", [0, 7]), image, Transforms.Standard, Quick with { Seed = seed });
        }
    }

    [Fact]
    public void Should_keep_live_tensors_flat_over_2000_steps()
    {
        using var model = TinyModels.SmallConvNet();
        using var image = new FourierImage(1, 16, 16, seed: 0);
        var live = new Dictionary<int, long>();
        var progress = new SyncProgress<MaximizeProgress>(p =>
        {
            if (p.Step is 50 or 1000 or 2000)
            {
                live[p.Step] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            }
        });
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Maximizer.Run(model, Objectives.Channel("conv2", 1) - (0.1 * Objectives.TotalVariation()), image,
            [new Pad(4), new Jitter(2), new RandomScale([0.9, 1.0, 1.1]), new RandomRotate([-5, 0, 5])],
            new MaximizeOptions { Steps = 2000, UpsampleTo = 24, KeepFrames = false }, progress);

        Assert.Equal(live[50], live[1000]);
        Assert.Equal(live[50], live[2000]);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Should_keep_frames_at_powers_of_two_and_the_last_step()
    {
        using var model = MaximizeModels.ThreeConvNet();
        using var image = new PixelImage(1, 24, 24);

        var result = Maximizer.Run(model, Objectives.Neuron("conv3", 2), image, Transforms.None, new MaximizeOptions { Steps = 20, UpsampleTo = null });

        Assert.Equal([1, 2, 4, 8, 16, 20], result.Frames.Select(f => f.Step));
        Assert.Equal(24, result.Frames[0].Images[0].Height);
    }

    [Fact]
    public void Should_stop_cleanly_When_cancelled()
    {
        using var model = MaximizeModels.ThreeConvNet();
        using var image = new FourierImage(1, 32, 32);
        using var cts = new CancellationTokenSource();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var progress = new SyncProgress<MaximizeProgress>(p =>
        {
            if (p.Step == 3)
            {
                cts.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            Maximizer.Run(model, Objectives.Channel("conv3", 0), image, Transforms.Standard, Quick, progress, cts.Token));
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Should_name_the_layer_When_it_is_unknown()
    {
        using var model = MaximizeModels.ThreeConvNet();
        using var image = new FourierImage(1, 32, 32);

        var error = Assert.Throws<ConvLensException>(() => Maximizer.Run(model, Objectives.Channel("conv9", 0), image, Transforms.None, Quick));

        Assert.Contains("conv9", error.Message, StringComparison.Ordinal);
    }
}
