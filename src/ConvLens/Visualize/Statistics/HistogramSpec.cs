namespace ConvLens.Visualize.Statistics;

/// <summary>Fixed histogram bins: <see cref="Bins"/> equal bins over [<see cref="Min"/>, <see cref="Max"/>].</summary>
/// <param name="Min">Lower edge of the first bin; smaller values are counted as underflow.</param>
/// <param name="Max">Upper edge of the last bin (inclusive); larger values are counted as overflow.</param>
/// <param name="Bins">Number of bins (at least 1).</param>
public sealed record HistogramSpec(float Min, float Max, int Bins)
{
    /// <summary>Width of one bin.</summary>
    public double BinWidth => ((double)Max - Min) / Bins;

    /// <summary>Lower edge of bin <paramref name="bin"/> (0 ≤ bin ≤ Bins).</summary>
    public double Edge(int bin) => Min + (bin * BinWidth);

    /// <summary>Checks that the range is finite, increasing and the bin count positive.</summary>
    /// <exception cref="ConvLensException">The spec is unusable; the message says why.</exception>
    public void Validate()
    {
        if (!float.IsFinite(Min) || !float.IsFinite(Max) || !(Max > Min))
        {
            throw new ConvLensException($"histogram range must be finite with min < max, got {Min}:{Max}");
        }

        if (Bins < 1)
        {
            throw new ConvLensException($"histogram needs at least 1 bin, got {Bins}");
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Min:R}:{Max:R} ({Bins} bins)");

    /// <summary>Parses "MIN:MAX" (e.g. "0:12.5") with the given bin count.</summary>
    /// <exception cref="ConvLensException">The text is not two numbers separated by a colon.</exception>
    public static HistogramSpec Parse(string text, int bins)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        if (parts.Length != 2
            || !float.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var lo)
            || !float.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var hi))
        {
            throw new ConvLensException($"histogram range must be MIN:MAX (e.g. 0:10), got '{text}'");
        }

        var spec = new HistogramSpec(lo, hi, bins);
        spec.Validate();
        return spec;
    }
}
