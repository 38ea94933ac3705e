namespace ConvLens.Imaging;

/// <summary>
/// Maps a value in [0, 1] to a colour by linear interpolation over a lookup table (256 entries for the built-in maps).
/// </summary>
public sealed class Colormap
{
    private readonly float[] _rgb;
    private readonly int _entries;

    /// <summary>Creates a colormap from a table of interleaved RGB floats in 0..1, ordered from t = 0 to t = 1.</summary>
    /// <param name="id">Stable kebab-case id, e.g. <c>viridis</c>.</param>
    /// <param name="rgbTable">At least two entries: R, G, B for each, in 0..1; the array is copied.</param>
    /// <exception cref="ArgumentException">The id is empty or the table is not whole RGB triples in 0..1.</exception>
    public Colormap(string id, IReadOnlyList<float> rgbTable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(rgbTable);
        if (rgbTable.Count < 6 || rgbTable.Count % 3 != 0)
        {
            throw new ArgumentException("a colormap table needs at least two whole RGB entries", nameof(rgbTable));
        }

        if (rgbTable.Any(v => !(v >= 0f && v <= 1f)))
        {
            throw new ArgumentException("colormap table values must lie in 0..1", nameof(rgbTable));
        }

        Id = id;
        _rgb = [.. rgbTable];
        _entries = _rgb.Length / 3;
    }

    /// <summary>The stable id used on the command line and in reports, e.g. <c>viridis</c>.</summary>
    public string Id { get; }

    /// <summary>Number of entries in the lookup table.</summary>
    public int Entries => _entries;

    /// <summary>Maps <paramref name="t"/> (clamped to [0, 1]; NaN counts as 0) to an 8-bit colour.</summary>
    public (byte R, byte G, byte B) Map(double t)
    {
        t = double.IsNaN(t) ? 0 : Math.Clamp(t, 0, 1);
        var position = t * (_entries - 1);
        var lower = Math.Min((int)position, _entries - 2);
        var fraction = position - lower;
        return (Channel(lower, 0, fraction), Channel(lower, 1, fraction), Channel(lower, 2, fraction));
    }

    /// <inheritdoc/>
    public override string ToString() => Id;

    private byte Channel(int lower, int channel, double fraction)
    {
        var a = _rgb[(lower * 3) + channel];
        var b = _rgb[((lower + 1) * 3) + channel];
        return (byte)Math.Round(((a + ((b - a) * fraction)) * 255.0), MidpointRounding.AwayFromZero);
    }
}
