using ConvLens.Visualize.Attribution.Metrics;

namespace ConvLens.Tests.Visualize.Attribution.Metrics;

/// <summary>Sparseness, complexity and the pointing games: values of a 2x2 map worked out by hand.</summary>
public class MapMetricTests
{
    private static readonly float[] Ramp = [0, 0.25f, 0.5f, 1];

    [Theory]
    [InlineData(new float[] { 0, 0, 0, 1 }, 0.75)]             // Σ(2i−n−1)a_i = 3·1; / (4·1)
    [InlineData(new float[] { 1, 1, 1, 1 }, 0.0)]              // all equal
    [InlineData(new float[] { 0, 0.25f, 0.5f, 1 }, 3.25 / 7)]  // (−.25 + .5 + 3) / (4 · 1.75)
    [InlineData(new float[] { 0, 0, 0, 0 }, 0.0)]              // no evidence
    public void Should_give_the_Gini_index_as_sparseness(float[] map, double expected)
    {
        Assert.Equal(expected, Sparseness.Gini(map), 6);
    }

    [Theory]
    [InlineData(new float[] { 0, 0, 0, 1 }, 0.0)]
    [InlineData(new float[] { 1, 1, 1, 1 }, 1.3862944)]          // ln 4
    [InlineData(new float[] { 0, 0.25f, 0.5f, 1 }, 0.9556999)]   // p = 1/7, 2/7, 4/7
    public void Should_give_the_entropy_in_nats_as_complexity(float[] map, double expected)
    {
        Assert.Equal(expected, Complexity.Entropy(map), 6);
    }

    [Fact]
    public void Should_grade_the_map_and_a_seeded_random_map()
    {
        using var f = new MetricFixtures();
        var input = f.Input(Ramp);

        var score = new Sparseness().Evaluate(input);
        var again = new Sparseness().Evaluate(f.Input(Ramp));

        Assert.Equal(3.25 / 7, score.Value, 6);
        Assert.Equal(Sparseness.Gini(input.RandomMap), score.Random, 9);
        Assert.Equal(score.Random, again.Random);
        Assert.All(input.RandomMap, v => Assert.InRange(v, 0f, 1f));
    }

    [Theory]
    [InlineData(new[] { false, false, false, true }, 0, 1.0)]  // the maximum (pixel 3) is inside
    [InlineData(new[] { false, false, true, false }, 0, 0.0)]  // it is not
    [InlineData(new[] { false, false, true, false }, 1, 1.0)]  // but within one pixel
    public void Should_hit_When_the_maximum_is_in_the_region(bool[] region, int tolerance, double expected)
    {
        using var f = new MetricFixtures();

        var score = new PointingGame(tolerance).Evaluate(f.Input(Ramp, region));

        Assert.Equal(expected, score.Value);
    }

    [Fact]
    public void Should_give_the_share_of_energy_inside_the_region()
    {
        using var f = new MetricFixtures();

        var score = new EnergyPointingGame().Evaluate(f.Input(Ramp, [false, false, true, true]));

        Assert.Equal(1.5 / 1.75, score.Value, 6);
    }

    [Fact]
    public void Should_refuse_a_pointing_game_without_a_region()
    {
        using var f = new MetricFixtures();

        var e = Assert.Throws<ConvLensException>(() => new PointingGame().Evaluate(f.Input(Ramp)));

        Assert.Contains("--boxes", e.Message, StringComparison.Ordinal);
    }
}
