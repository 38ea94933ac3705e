using ConvLens.Tests.Fixtures;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Gradients;
using ConvLens.Visualize.Attribution.Targets;
using ConvLens.Visualize.Attribution.Wrappers;
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

    [Fact]
    public void Should_equal_hand_computed_EigenGradCam()
    {
        // G ⊙ A per position: (1,-2), (0,0), (0,1), (4,0); centred by (5/4, -1/4); the first principal axis of the
        // 2x2 covariance [[10.75, -0.75], [-0.75, 4.75]] in closed form; sign as the HiResCAM sum [-1, 0, 1, 4].
        double[][] x = [[-0.25, -1.75], [-1.25, 0.25], [-1.25, 1.25], [2.75, 0.25]];
        var (a, b, d) = (10.75, -0.75, 4.75);
        var lambda = ((a + d) / 2) + Math.Sqrt((((a - d) / 2) * ((a - d) / 2)) + (b * b));
        var (vx, vy) = (b, lambda - a);
        var norm = Math.Sqrt((vx * vx) + (vy * vy));
        var projection = x.Select(p => ((p[0] * vx) + (p[1] * vy)) / norm).ToArray();
        double[] reference = [-2, -1, 0, 3];
        var sign = projection.Zip(reference, (p, r) => p * r).Sum() < 0 ? -1 : 1;

        var map = Explain(new EigenGradCam());

        AssertValues([.. projection.Select(p => (float)Math.Max(0, sign * p))], map.Raw);
    }

    [Fact]
    public void Should_equal_GradCamPlusPlus_When_SmoothGradCamPlusPlus_has_no_noise()
    {
        var smooth = Explain(new SmoothGradCamPlusPlus(samples: 3, noiseLevel: 0));

        AssertValues(Explain(new GradCamPlusPlus()).Raw, smooth.Raw);
    }

    [Fact]
    public void Should_equal_hand_computed_KpcaCam()
    {
        // Positions (A0, A1): (1,2), (0,0), (0,1), (1,1); RBF kernel with gamma = 1 / largest squared distance,
        // double-centred; the top eigenvector (power iteration) times sqrt(eigenvalue), sign as the activation sum.
        double[][] p = [[1, 2], [0, 0], [0, 1], [1, 1]];
        var d2 = p.Select(u => p.Select(v => Math.Pow(u[0] - v[0], 2) + Math.Pow(u[1] - v[1], 2)).ToArray()).ToArray();
        var gamma = 1 / d2.SelectMany(r => r).Max();
        var k = d2.Select(r => r.Select(v => Math.Exp(-gamma * v)).ToArray()).ToArray();
        var (rows, all) = (k.Select(r => r.Average()).ToArray(), k.SelectMany(r => r).Average());
        var kc = k.Select((r, i) => r.Select((v, j) => v - rows[i] - rows[j] + all).ToArray()).ToArray();
        var vec = new double[] { 1, 0.5, -0.3, 0.2 };
        double eigen = 0;
        for (var it = 0; it < 500; it++)
        {
            var next = kc.Select(r => r.Zip(vec, (m, v) => m * v).Sum()).ToArray();
            eigen = Math.Sqrt(next.Sum(v => v * v));
            vec = [.. next.Select(v => v / eigen)];
        }

        double[] total = [3, 0, 1, 2];
        var mean = total.Average();
        var sign = vec.Zip(total, (v, t) => v * (t - mean)).Sum() < 0 ? -1 : 1;

        var map = Explain(new KpcaCam());

        AssertValues([.. vec.Select(v => (float)Math.Max(0, sign * v * Math.Sqrt(eigen)))], map.Raw);
    }

    [Fact]
    public void Should_equal_hand_computed_FullGrad_without_biases()
    {
        // No biases: |dS/dx ⊙ x| scaled to [0,1] over all colours together (max 4), summed over colours.
        // Red: |[[1,0],[0,4]] ⊙ [[1,0],[0,1]]| / 4; green: |[[-1,0],[1,0]] ⊙ [[2,0],[1,1]]| / 4; blue: 0.
        var map = Explain(new FullGrad());

        AssertValues([0.75f, 0, 0.25f, 1], map.Raw);
    }

    [Fact]
    public void Should_equal_hand_computed_eigen_smoothed_GradCam()
    {
        // Grad-CAM's weighted activations: 2.5 A0 and 0 A1; centred positions (±1.25, 0) project to [1.25, -1.25, -1.25, 1.25].
        var map = Explain(new EigenSmoothing(new GradCam()));

        AssertValues([1.25f, 0, 0, 1.25f], map.Raw);
    }

    [Fact]
    public void Should_refuse_eigen_smoothing_of_a_projecting_cam()
    {
        var error = Assert.Throws<ConvLensException>(() => new EigenSmoothing(new EigenCam()));

        Assert.Contains("eigen-cam", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_FinerCam_on_a_single_output()
    {
        var error = Assert.Throws<ConvLensException>(() => Explain(new FinerCam()));

        Assert.Contains("at least 2 outputs", error.Message, StringComparison.Ordinal);
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
