using System.Globalization;
using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>
/// ROAD (RemOve And Debias): the score after the most relevant (MoRF) or least relevant (LeRF) p % of pixels are
/// replaced by noisy linear imputation; the value is the mean over percentiles of (LeRF − MoRF) / 2 (higher is better).
/// </summary>
/// <remarks>
/// Rong, Leemann, Borisov, Kasneci and Kasneci, "A Consistent and Efficient Evaluation Strategy for Attribution
/// Methods", ICML 2022, https://arxiv.org/abs/2202.00449. The combined value is pytorch-grad-cam's <c>ROADCombined</c>
/// (confidence changes there; the original score cancels in LeRF − MoRF). Imputation noise is in RGB 0..1 units
/// (default 0.01, as the reference code). Details: <c>morf@P</c> and <c>lerf@P</c>, the scores at each percentile.
/// Cost: 2 × percentiles imputations and forward passes per map (and as many for the random map).
/// </remarks>
public sealed class Road : AttributionMetric
{
    /// <summary>ROAD at <paramref name="percentiles"/> (each 1..99; default 20, 40, 60, 80) with imputation noise <paramref name="noise"/>.</summary>
    /// <exception cref="ConvLensException">A percentile outside 1..99, or a negative noise.</exception>
    public Road(IReadOnlyList<int>? percentiles = null, double noise = 0.01)
    {
        Percentiles = percentiles ?? [20, 40, 60, 80];
        if (Percentiles.Count == 0 || Percentiles.Any(p => p is < 1 or > 99) || noise < 0)
        {
            throw new ConvLensException($"ROAD percentiles must be 1..99 and the noise at least 0, got [{string.Join(", ", Percentiles)}] and {noise}");
        }

        Noise = noise;
    }

    /// <summary>Percentages of pixels removed.</summary>
    public IReadOnlyList<int> Percentiles { get; }

    /// <summary>Standard deviation of the imputation noise, in RGB 0..1 units.</summary>
    public double Noise { get; }

    /// <inheritdoc/>
    public override string Id => "road";

    /// <inheritdoc/>
    public override string DisplayName => "ROAD";

    /// <inheritdoc/>
    public override string Description => "score with the least (LeRF) minus the most (MoRF) relevant pixels imputed, halved, mean over percentiles (higher is better)";

    /// <inheritdoc/>
    public override bool HigherIsBetter => true;

    /// <inheritdoc/>
    public override MetricScore Evaluate(MetricInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (value, details) = Grade(input, input.Map.Values, 0);
        var (random, _) = Grade(input, input.RandomMap, 1);
        return new MetricScore(Id, value, random, details);
    }

    private (double Value, Dictionary<string, double> Details) Grade(MetricInput input, float[] map, int stream)
    {
        var (h, w) = (input.Height, input.Width);
        var plane = h * w;
        var pixels = input.Pixels();
        // Descending relevance; ties broken by pixel index so runs are reproducible.
        var order = Enumerable.Range(0, plane).OrderByDescending(i => map[i]).ThenBy(i => i).ToArray();
        var images = new float[Percentiles.Count * 2][];
        Parallel.For(0, images.Length, k =>
        {
            var count = (int)Math.Round(Percentiles[k / 2] / 100.0 * plane);
            var removed = new bool[plane];
            var mostRelevantFirst = k % 2 == 0;
            for (var i = 0; i < count; i++)
            {
                removed[order[mostRelevantFirst ? i : plane - 1 - i]] = true;
            }

            var random = RandomValues.For(input.Seed + (1000 * stream) + k, Id);
            images[k] = NoisyLinearImputation.Impute(pixels, h, w, removed, Noise, random);
        });

        float[] scores;
        using (NewDisposeScope())
        {
            scores = input.Scores(tensor(images.SelectMany(i => i).ToArray(), [images.Length, 3, h, w]));
        }

        var details = new Dictionary<string, double>(StringComparer.Ordinal);
        double sum = 0;
        for (var p = 0; p < Percentiles.Count; p++)
        {
            var (morf, lerf) = (scores[2 * p], scores[(2 * p) + 1]);
            details[string.Create(CultureInfo.InvariantCulture, $"morf@{Percentiles[p]}")] = morf;
            details[string.Create(CultureInfo.InvariantCulture, $"lerf@{Percentiles[p]}")] = lerf;
            sum += (lerf - morf) / 2;
        }

        return (sum / Percentiles.Count, details);
    }
}
