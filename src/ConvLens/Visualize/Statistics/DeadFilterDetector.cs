namespace ConvLens.Visualize.Statistics;

/// <summary>Finds dead, rarely active and saturated channels from a statistics snapshot (a pure function).</summary>
public static class DeadFilterDetector
{
    /// <summary>Classifies every channel of <paramref name="snapshot"/>.</summary>
    /// <param name="snapshot">Statistics of one layer.</param>
    /// <param name="options">Thresholds; defaults when null.</param>
    /// <param name="weights">Optional weight-based hints for the same layer.</param>
    public static FilterHealth Detect(ChannelStatisticsSnapshot snapshot, DeadFilterOptions? options = null, WeightHints? weights = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        options ??= new DeadFilterOptions();
        var channels = snapshot.Channels;
        var dead = new List<int>();
        var rare = new List<int>();
        var saturated = new List<int>();
        if (snapshot.Images > 0)
        {
            foreach (var c in channels)
            {
                if (c.FiringImages == 0)
                {
                    dead.Add(c.Channel);
                }
                else if (c.FractionImagesActive * 100.0 < options.RarePercent)
                {
                    rare.Add(c.Channel);
                }

                if (c.FractionPositive >= options.SaturatedFraction)
                {
                    saturated.Add(c.Channel);
                }
            }
        }

        return new FilterHealth
        {
            Channels = channels.Count,
            Dead = dead,
            Rare = rare,
            Saturated = saturated,
            NearZeroKernel = NearZero(weights?.KernelNorms, options.NearZeroKernelRelative, channels.Count),
            NearZeroGamma = NearZero(weights?.BatchNormGamma, options.NearZeroGammaRelative, channels.Count),
        };
    }

    private static int[] NearZero(IReadOnlyList<double>? values, double relative, int channels)
    {
        if (values is null || values.Count != channels || channels == 0)
        {
            return [];
        }

        var magnitudes = values.Select(Math.Abs).ToArray();
        var sorted = magnitudes.Order().ToArray();
        var median = sorted[sorted.Length / 2];
        // Relative to the layer's median so the rule works at any weight scale; an all-zero layer flags everything.
        var limit = median > 0 ? median * relative : double.Epsilon;
        return [.. Enumerable.Range(0, channels).Where(c => magnitudes[c] < limit)];
    }
}
