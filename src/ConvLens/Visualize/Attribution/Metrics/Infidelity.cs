using static TorchSharp.torch;

namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>
/// Infidelity: how badly the map predicts the score change under random perturbations,
/// E[(β · I·Φ − (f(x) − f(x − I)))²] (lower is better).
/// </summary>
/// <remarks>
/// Yeh et al., "On the (In)fidelity and Sensitivity of Explanations", NeurIPS 2019, https://arxiv.org/abs/1901.09392,
/// eq. 2, with Gaussian perturbations I (standard deviation <see cref="NoiseStd"/> in RGB 0..1 units, per input element)
/// as Captum's noisy-baseline example. Φ is the raw map, the same for the three colour channels, so
/// I·Φ = Σ_c,p I_c,p Φ_p. With <see cref="Normalize"/> (Captum's <c>normalize=True</c>), Φ is first scaled by the β that
/// minimises the error, β = E[I·Φ Δf] / E[(I·Φ)²], which makes the value independent of the map's scale (CAM maps have
/// none). Units: the target score, squared.
/// </remarks>
public sealed class Infidelity : AttributionMetric
{
    private readonly IReadOnlyList<float[]>? _perturbations;

    /// <summary>Infidelity over <paramref name="samples"/> Gaussian perturbations of standard deviation <paramref name="noiseStd"/>.</summary>
    /// <exception cref="ConvLensException">Fewer than 1 sample or a noise that is not positive.</exception>
    public Infidelity(int samples = 16, double noiseStd = 0.1, bool normalize = true)
    {
        if (samples < 1 || !(noiseStd > 0))
        {
            throw new ConvLensException($"infidelity needs at least 1 sample and a positive noise, got {samples} and {noiseStd}");
        }

        (Samples, NoiseStd, Normalize) = (samples, noiseStd, normalize);
    }

    /// <summary>Infidelity over the given perturbations, each [3,H,W] row-major (for fixed protocols and exact tests).</summary>
    public Infidelity(IReadOnlyList<float[]> perturbations, bool normalize = true)
        : this(Math.Max(1, perturbations?.Count ?? 0), 1, normalize)
    {
        ArgumentNullException.ThrowIfNull(perturbations);
        _perturbations = perturbations;
    }

    /// <summary>Number of perturbations.</summary>
    public int Samples { get; }

    /// <summary>Standard deviation of the perturbations.</summary>
    public double NoiseStd { get; }

    /// <summary>Whether the map is first scaled by the best β.</summary>
    public bool Normalize { get; }

    /// <inheritdoc/>
    public override string Id => "infidelity";

    /// <inheritdoc/>
    public override string DisplayName => "Infidelity";

    /// <inheritdoc/>
    public override string Description => "mean squared error of the map predicting score changes under Gaussian noise, map scale fitted (lower is better)";

    /// <inheritdoc/>
    public override bool HigherIsBetter => false;

    /// <inheritdoc/>
    public override MetricScore Evaluate(MetricInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var size = 3 * input.Height * input.Width;
        var random = RandomValues.For(input.Seed, Id);
        var perturbations = _perturbations ?? [.. Enumerable.Range(0, Samples).Select(_ => RandomValues.Normal(size, NoiseStd, random))];
        if (perturbations.Any(p => p.Length != size))
        {
            throw new ConvLensException($"infidelity perturbations must each hold 3x{input.Height}x{input.Width} values");
        }

        var pixels = input.Pixels();
        float[] scores;
        using (NewDisposeScope())
        {
            var perturbed = perturbations.SelectMany(p => pixels.Select((v, i) => v - p[i])).ToArray();
            scores = input.Scores(cat([input.Image.to(float32).cpu(), tensor(perturbed, [perturbations.Count, 3, input.Height, input.Width])]));
        }

        var changes = scores.Skip(1).Select(s => (double)scores[0] - s).ToArray();
        return new MetricScore(Id, Error(input.Map.Raw, perturbations, changes), Error(input.RandomMap, perturbations, changes));
    }

    private double Error(float[] map, IReadOnlyList<float[]> perturbations, double[] changes)
    {
        var plane = map.Length;
        var predicted = perturbations.Select(p =>
        {
            double sum = 0;
            for (var i = 0; i < p.Length; i++)
            {
                sum += p[i] * map[i % plane];
            }

            return sum;
        }).ToArray();
        var beta = 1.0;
        if (Normalize)
        {
            var squares = predicted.Sum(v => v * v);
            beta = squares > 0 ? predicted.Zip(changes, (a, b) => a * b).Sum() / squares : 0;
        }

        return predicted.Zip(changes, (a, b) => ((beta * a) - b) * ((beta * a) - b)).Average();
    }
}
