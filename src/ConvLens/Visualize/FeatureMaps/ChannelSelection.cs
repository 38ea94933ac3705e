using System.Globalization;

namespace ConvLens.Visualize.FeatureMaps;

/// <summary>Which channels of a layer to return: all, a contiguous range, or the top k by mean activation.</summary>
public sealed record ChannelSelection
{
    private ChannelSelection(int start, int? count, int? top)
    {
        Start = start;
        Count = count;
        Top = top;
    }

    /// <summary>Every channel.</summary>
    public static ChannelSelection All { get; } = new(0, null, null);

    /// <summary>First channel of a range.</summary>
    public int Start { get; }

    /// <summary>Number of channels of a range, or null for "to the end".</summary>
    public int? Count { get; }

    /// <summary>When set, the k channels with the largest mean activation, in descending order of mean.</summary>
    public int? Top { get; }

    /// <summary>Channels <paramref name="first"/>..<paramref name="last"/> inclusive.</summary>
    public static ChannelSelection Range(int first, int last)
    {
        if (first < 0 || last < first)
        {
            throw new ConvLensException($"channel range must be FIRST-LAST with 0 <= FIRST <= LAST, got {first}-{last}");
        }

        return new ChannelSelection(first, last - first + 1, null);
    }

    /// <summary>The <paramref name="k"/> channels with the largest mean activation.</summary>
    public static ChannelSelection TopK(int k)
    {
        if (k < 1)
        {
            throw new ConvLensException($"the number of top channels must be at least 1, got {k}");
        }

        return new ChannelSelection(0, null, k);
    }

    /// <summary>Parses "A-B" (inclusive range) or a single index "A".</summary>
    /// <exception cref="ConvLensException">The text is not a range.</exception>
    public static ChannelSelection ParseRange(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('-');
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            && (parts.Length == 1 || int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            var b = parts.Length == 1 ? a : int.Parse(parts[1], CultureInfo.InvariantCulture);
            return Range(a, b);
        }

        throw new ConvLensException($"a channel range must be FIRST-LAST (e.g. 0-15) or one index, got '{text}'");
    }

    /// <summary>The chosen channel indices for a layer with <paramref name="channels"/> channels, given their means.</summary>
    internal int[] Resolve(int channels, IReadOnlyList<double> means, string layer)
    {
        if (Top is { } k)
        {
            // Ties break towards the lower index so the choice is deterministic.
            return [.. Enumerable.Range(0, channels).OrderByDescending(c => means[c]).ThenBy(c => c).Take(k)];
        }

        if (Start >= channels)
        {
            throw new ConvLensException($"channel {Start} is out of range for layer '{layer}' with {channels} channels (0-{channels - 1})");
        }

        var count = Math.Min(Count ?? channels, channels - Start);
        return [.. Enumerable.Range(Start, count)];
    }
}
