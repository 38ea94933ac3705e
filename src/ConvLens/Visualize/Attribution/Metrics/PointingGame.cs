namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Pointing game: 1 when the map's maximum falls inside the object's region (within a tolerance), else 0.</summary>
/// <remarks>
/// Zhang et al., "Top-down Neural Attention by Excitation Backprop", ECCV 2016, https://arxiv.org/abs/1608.00507,
/// section 5.1. The first maximum in row-major order is taken. The paper allows 15 pixels at 224×224; the default here
/// is strict (0). Averaged over images, the value is the hit rate; the random map's rate is about the region's area fraction.
/// </remarks>
public sealed class PointingGame(int tolerance = 0) : MapMetric
{
    /// <summary>Pixels (Chebyshev distance) the maximum may lie outside the region and still count.</summary>
    public int Tolerance { get; } = tolerance >= 0 ? tolerance : throw new ArgumentOutOfRangeException(nameof(tolerance));

    /// <inheritdoc/>
    public override string Id => "pointing";

    /// <inheritdoc/>
    public override string DisplayName => "Pointing game";

    /// <inheritdoc/>
    public override string Description => "1 when the map's maximum is inside the object's box or mask, else 0 (needs --boxes)";

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
        var best = 0;
        for (var i = 1; i < map.Length; i++)
        {
            best = map[i] > map[best] ? i : best;
        }

        var (h, w) = (input.Height, input.Width);
        var (y, x) = (best / w, best % w);
        for (var yy = Math.Max(0, y - Tolerance); yy <= Math.Min(h - 1, y + Tolerance); yy++)
        {
            for (var xx = Math.Max(0, x - Tolerance); xx <= Math.Min(w - 1, x + Tolerance); xx++)
            {
                if (inside[(yy * w) + xx])
                {
                    return 1;
                }
            }
        }

        return 0;
    }
}
