namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Energy-based pointing game: the share of the map's total inside the object's region.</summary>
/// <remarks>
/// Wang et al., "Score-CAM", CVPRW 2020, https://arxiv.org/abs/1910.01279, section 5.2: Σ_{inside} L / Σ L of the
/// normalised map L. A zero map gives 0; a uniform map gives the region's area fraction.
/// </remarks>
public sealed class EnergyPointingGame : MapMetric
{
    /// <inheritdoc/>
    public override string Id => "energy-pointing";

    /// <inheritdoc/>
    public override string DisplayName => "Energy-based pointing game";

    /// <inheritdoc/>
    public override string Description => "share of the map's energy inside the object's box or mask, 0..1 (needs --boxes)";

    /// <inheritdoc/>
    public override bool HigherIsBetter => true;

    /// <inheritdoc/>
    public override bool NeedsRegion => true;

    /// <inheritdoc/>
    protected override double Grade(float[] map, MetricInput input)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(input);
        var inside = input.RequireRegion(Id).Inside;
        double total = 0, within = 0;
        for (var i = 0; i < map.Length; i++)
        {
            total += map[i];
            within += inside[i] ? map[i] : 0;
        }

        return total > 0 ? within / total : 0;
    }
}
