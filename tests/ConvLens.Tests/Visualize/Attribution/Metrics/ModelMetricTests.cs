using ConvLens.Visualize.Attribution.Metrics;

namespace ConvLens.Tests.Visualize.Attribution.Metrics;

/// <summary>The metrics that run the model, on the hand-weighted net (see <see cref="MetricFixtures"/>), by hand.</summary>
public class ModelMetricTests
{
    private static readonly float[] Ramp = [0, 0.25f, 0.5f, 1];

    [Fact]
    public void Should_impute_and_score_ROAD_as_worked_out_by_hand()
    {
        // MoRF 25 %: pixel 3 goes; neighbours (0,1), (1,0) direct (weight 2), (0,0) diagonal (1):
        // R = (0+0+1)/5 = 0.2, G = (0+2+2)/5 = 0.8 → score 1 + 4·0.2 − 2 + 1 = 0.8.
        // LeRF 25 %: pixel 0 goes: R = (0+0+1)/5 = 0.2, G = (0+2+1)/5 = 0.6 → score 0.2 + 4 − 0.6 + 1 = 4.6.
        using var f = new MetricFixtures();

        var score = new Road([25], noise: 0).Evaluate(f.Input(Ramp));

        Assert.Equal(0.8, score.Details["morf@25"], 5);
        Assert.Equal(4.6, score.Details["lerf@25"], 5);
        Assert.Equal((4.6 - 0.8) / 2, score.Value, 5);
    }

    [Fact]
    public void Should_add_seeded_noise_to_the_imputed_pixels_only()
    {
        using var f = new MetricFixtures();

        var a = new Road([25], noise: 0.05).Evaluate(f.Input(Ramp));
        var b = new Road([25], noise: 0.05).Evaluate(f.Input(Ramp));

        Assert.Equal(a.Value, b.Value);
        Assert.NotEqual(1.9, a.Value, 5);
        Assert.Equal(1.9, a.Value, 0);
    }

    [Theory]
    [InlineData(true, 0.6)]          // β = (1·4 + 0·1 + 0.5·1) / (1 + 0 + 0.25) = 3.6; ((3.6−4)² + 1 + (1.8−1)²) / 3
    [InlineData(false, 10.25 / 3)]   // ((1−4)² + (0−1)² + (0.5−1)²) / 3
    public void Should_give_the_infidelity_of_fixed_perturbations(bool normalize, double expected)
    {
        // I1 = red pixel 3: Δf = 4, I·Φ = 1; I2 = red pixel 0: Δf = 1, I·Φ = 0; I3 = green pixel 2: Δf = 1, I·Φ = 0.5.
        using var f = new MetricFixtures();
        var perturbations = new[] { MetricFixtures.At(0, 3, 1), MetricFixtures.At(0, 0, 1), MetricFixtures.At(1, 2, 1) };

        var score = new Infidelity(perturbations, normalize).Evaluate(f.Input(Ramp));

        Assert.Equal(expected, score.Value, 5);
    }

    [Fact]
    public void Should_give_the_largest_relative_change_as_max_sensitivity()
    {
        // The "explainer" returns the red channel: [1,0,0,1]. +0.1 at pixel 1 → 0.1/√2; −0.5 at pixel 0 → 0.5/√2.
        using var f = new MetricFixtures();
        static IReadOnlyList<float[]> Red(TorchSharp.torch.Tensor x) =>
            [.. Enumerable.Range(0, (int)x.shape[0]).Select(i => x[i, 0].flatten().data<float>().ToArray())];
        var perturbations = new[] { MetricFixtures.At(0, 1, 0.1f), MetricFixtures.At(0, 0, -0.5f) };

        var score = new MaxSensitivity(perturbations).Evaluate(f.Input([1, 0, 0, 1], explain: Red));

        Assert.Equal(0.5 / Math.Sqrt(2), score.Value, 5);
    }

    [Fact]
    public void Should_give_the_average_drop_when_the_image_is_masked_by_the_map()
    {
        // Masked by [1,1,0,0.5]: R = [1,0,0,0.5], G = [2,0,0,0.5] → score 1 + 2 − 2 = 1; drop (4 − 1) / 4 = 75 %.
        using var f = new MetricFixtures();

        var score = new AverageDrop().Evaluate(f.Input([1, 1, 0, 0.5f]));

        Assert.Equal(75, score.Value, 4);
        Assert.Equal(0, score.Details["increase"]);
    }

    [Fact]
    public void Should_share_one_deletion_insertion_run_and_match_the_hand_curve()
    {
        // Deletion one pixel per step in the map's order: 4 → 0 → −1 → −1 → 0, area 0 (see DeletionInsertionTests).
        // Insertion from an unblurred copy is the image all along: area 4.
        using var f = new MetricFixtures();
        var input = f.Input(Ramp);

        var deletion = new Deletion(steps: 4).Evaluate(input);
        var insertion = new Insertion(steps: 4, blurSigma: 0).Evaluate(input);

        Assert.Equal(0, deletion.Value, 5);
        Assert.Equal(4, insertion.Value, 5);
    }
}
