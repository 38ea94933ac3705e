using ConvLens.Models;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Targets;
using TorchSharp;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Cam;

/// <summary>
/// Score-CAM by hand on a 4x4 image and a 2x2 layer. conv 2x2 stride 2 (channel 0 sums red over each block, channel 1
/// sums green) → relu (the CAM layer) → flatten → linear with ones on channel 0: the score of an image is its red sum.
/// Red is 1 at (0,1) only, green 2 at (3,3) only, so A0 = [[1,0],[0,0]] and A1 = [[0,0],[0,2]].
/// Bilinear 2 → 4 along one axis: centers (align_corners false) [a, .75a+.25b, .25a+.75b, b];
/// corners (align_corners true) [a, 2/3a+1/3b, 1/3a+2/3b, b]. The mask of A0 at (0,1) is 1·0.75 or 1·2/3, which is
/// the masked red score s0; mask A1 is 0 there, so s1 = 0. Weights: softmax(s0, 0); map = w0·A0 + w1·A1, then
/// upsampled to 4x4 with centers (the CAM pipeline's own convention, whatever the masks use).
/// </summary>
public class ScoreCamUpsampleTests
{
    private static readonly double[,] Centers = { { 1, 0 }, { 0.75, 0.25 }, { 0.25, 0.75 }, { 0, 1 } };

    [Theory]
    [InlineData(MaskUpsample.Centers, 0.75)]
    [InlineData(MaskUpsample.Corners, 2.0 / 3)]
    public void Should_equal_the_hand_computed_map_for_each_convention(MaskUpsample upsample, double s0)
    {
        var w0 = Math.Exp(s0) / (Math.Exp(s0) + 1);
        var w1 = 1 / (Math.Exp(s0) + 1);
        double[,] cam = { { w0, 0 }, { 0, 2 * w1 } };

        var map = Explain(new ScoreCam(upsample));

        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                var expected = 0.0;
                for (var i = 0; i < 2; i++)
                {
                    for (var j = 0; j < 2; j++)
                    {
                        expected += Centers[y, i] * Centers[x, j] * cam[i, j];
                    }
                }

                Assert.True(Math.Abs(expected - map.Raw[(y * 4) + x]) < 1e-5, $"({y},{x}): expected {expected}, got {map.Raw[(y * 4) + x]}");
            }
        }
    }

    [Fact]
    public void Should_default_to_centers_as_before()
    {
        Assert.Equal(MaskUpsample.Centers, new ScoreCam().Upsample);
        Assert.Equal(Explain(new ScoreCam(MaskUpsample.Centers)).Raw, Explain(new ScoreCam()).Raw);
    }

    private static AttributionMap Explain(ScoreCam method)
    {
        var conv = nn.Conv2d(3, 2, 2, stride: 2, bias: false);
        var fc = nn.Linear(8, 1, hasBias: false);
        using (no_grad())
        {
            var w = zeros(2, 3, 2, 2);
            w[0, 0] = ones(2, 2);
            w[1, 1] = ones(2, 2);
            conv.weight!.copy_(w);
            fc.weight!.copy_(tensor(new float[] { 1, 1, 1, 1, 0, 0, 0, 0 }).view(1, 8));
        }

        using var model = new ModuleModel("score-cam-hand", nn.Sequential(("conv", conv), ("relu", nn.ReLU()), ("flatten", nn.Flatten()), ("fc", fc)), new Preprocessing { Height = 4, Width = 4 });
        using var scope = NewDisposeScope();
        var image = zeros(1, 3, 4, 4);
        image[0, 0, 0, 1] = tensor(1f);
        image[0, 1, 3, 3] = tensor(2f);
        return method.Explain(model, image, new AttributionRequest { Layer = "relu", Targets = [new RegressionOutput(0)] })[0, 0];
    }
}
