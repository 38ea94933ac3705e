namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Max-sensitivity: the largest relative change of the map when the image is perturbed slightly (lower is better).</summary>
/// <remarks>
/// Yeh et al., "On the (In)fidelity and Sensitivity of Explanations", NeurIPS 2019, https://arxiv.org/abs/1901.09392,
/// eq. 3, as Captum's <c>sensitivity_max</c> with uniform noise in an L∞ ball of radius <see cref="Radius"/> (RGB 0..1
/// units, default 0.02 as Captum) and, as Quantus, divided by the map's norm:
/// max_k ‖Φ(x + δ_k) − Φ(x)‖₂ / ‖Φ(x)‖₂ over the normalised maps. The random baseline is a random explainer: a fresh
/// random map for every perturbed image. Cost: one explanation per sample.
/// </remarks>
public sealed class MaxSensitivity : AttributionMetric
{
    private readonly IReadOnlyList<float[]>? _perturbations;

    /// <summary>Max-sensitivity over <paramref name="samples"/> perturbations uniform in [−<paramref name="radius"/>, <paramref name="radius"/>].</summary>
    /// <exception cref="ConvLensException">Fewer than 1 sample or a radius that is not positive.</exception>
    public MaxSensitivity(int samples = 8, double radius = 0.02)
    {
        if (samples < 1 || !(radius > 0))
        {
            throw new ConvLensException($"max-sensitivity needs at least 1 sample and a positive radius, got {samples} and {radius}");
        }

        (Samples, Radius) = (samples, radius);
    }

    /// <summary>Max-sensitivity over the given perturbations, each [3,H,W] row-major (for fixed protocols and exact tests).</summary>
    public MaxSensitivity(IReadOnlyList<float[]> perturbations)
        : this(Math.Max(1, perturbations?.Count ?? 0))
    {
        ArgumentNullException.ThrowIfNull(perturbations);
        _perturbations = perturbations;
    }

    /// <summary>Number of perturbed images.</summary>
    public int Samples { get; }

    /// <summary>Largest change of any input element.</summary>
    public double Radius { get; }

    /// <inheritdoc/>
    public override string Id => "max-sensitivity";

    /// <inheritdoc/>
    public override string DisplayName => "Max-sensitivity";

    /// <inheritdoc/>
    public override string Description => "largest relative change of the map under small uniform noise (lower is better; re-explains each noisy copy)";

    /// <inheritdoc/>
    public override bool HigherIsBetter => false;

    /// <inheritdoc/>
    public override bool NeedsExplainer => true;

    /// <inheritdoc/>
    public override MetricScore Evaluate(MetricInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var explain = input.Explain ?? throw new ConvLensException($"metric '{Id}' needs the attribution method to re-explain perturbed images");
        var (h, w) = (input.Height, input.Width);
        var random = RandomValues.For(input.Seed, Id);
        var perturbations = _perturbations ?? [.. Enumerable.Range(0, Samples).Select(_ => RandomValues.Symmetric(3 * h * w, Radius, random))];
        var pixels = input.Pixels();
        IReadOnlyList<float[]> maps;
        using (TorchSharp.torch.NewDisposeScope())
        {
            var perturbed = perturbations.SelectMany(p => pixels.Select((v, i) => v + p[i])).ToArray();
            maps = explain(TorchSharp.torch.tensor(perturbed, [perturbations.Count, 3, h, w]).to(input.Model.Device));
        }

        var value = maps.Max(m => RelativeChange(input.Map.Values, m));
        var random2 = Enumerable.Range(1, perturbations.Count).Max(k => RelativeChange(input.RandomMap, RandomValues.Uniform(h * w, input.Seed + k)));
        return new MetricScore(Id, value, random2);
    }

    /// <summary>‖b − a‖₂ / ‖a‖₂ (the absolute change when a is zero).</summary>
    public static double RelativeChange(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double diff = 0, norm = 0;
        for (var i = 0; i < a.Count; i++)
        {
            diff += (b[i] - a[i]) * (double)(b[i] - a[i]);
            norm += a[i] * (double)a[i];
        }

        return norm > 0 ? Math.Sqrt(diff / norm) : Math.Sqrt(diff);
    }
}
