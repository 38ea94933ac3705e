using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Targets;
using static TorchSharp.torch;

namespace ConvLens.Tests.Visualize.Attribution.Cam;

/// <summary>
/// Exact values on <see cref="AttributionFixtures.HandWeighted"/>. Activations A0 = [[1,0],[0,1]], A1 = [[2,0],[1,1]];
/// gradients G0 = [[1,2],[3,4]], G1 = [[-1,0],[1,0]]; score S = 1+4 + (-2+1) = 4.
/// </summary>
public class HandCheckedCamTests
{
    [Fact]
    public void Should_equal_hand_computed_GradCam()
    {
        // w0 = mean(G0) = 2.5, w1 = mean(G1) = 0 → cam = 2.5 A0 = [[2.5,0],[0,2.5]].
        var map = Explain(new GradCam());

        AssertValues([2.5f, 0, 0, 2.5f], map.Raw);
        AssertValues([1, 0, 0, 1], map.Values);
        Assert.Equal(4f, map.Score, 5);
    }

    [Fact]
    public void Should_equal_hand_computed_GradCamPlusPlus()
    {
        // eq. 19: alpha = g²/(2g² + ΣA g³). Channel 0 (ΣA = 2): alpha = 1/(2+2g) → w0 = 1/4 + 2/6 + 3/8 + 4/10.
        // Channel 1 (ΣA = 4): only g = 1 has relu(g) > 0, alpha = 1/6 → w1 = 1/6. cam = w0 A0 + w1 A1.
        const float w0 = (1f / 4) + (2f / 6) + (3f / 8) + (4f / 10);
        const float w1 = 1f / 6;
        var map = Explain(new GradCamPlusPlus());

        AssertValues([w0 + (2 * w1), 0, w1, w0 + w1], map.Raw);
    }

    [Fact]
    public void Should_equal_hand_computed_HiResCam()
    {
        // Σ_k G_k ⊙ A_k = [[1,0],[0,4]] + [[-2,0],[1,0]] = [[-1,0],[1,4]] → ReLU → [[0,0],[1,4]].
        var map = Explain(new HiResCam());

        AssertValues([0, 0, 1, 4], map.Raw);
        AssertValues([0, 0, 0.25f, 1], map.Values);
    }

    private static AttributionMap Explain(IAttributionMethod method)
    {
        using var model = AttributionFixtures.HandWeighted();
        using var scope = NewDisposeScope();
        var result = method.Explain(model, AttributionFixtures.HandImage(), new AttributionRequest { Layer = "relu", Targets = [new RegressionOutput(0)] });
        return result[0, 0];
    }

    private static void AssertValues(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5f, $"at {i}: expected {expected[i]}, got {actual[i]} ([{string.Join(", ", actual)}])");
        }
    }
}
