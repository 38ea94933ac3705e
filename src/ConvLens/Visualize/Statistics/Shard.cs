using System.Globalization;

namespace ConvLens.Visualize.Statistics;

/// <summary>A deterministic slice of a dataset: shard <see cref="Index"/> of <see cref="Count"/>, 1-based.</summary>
/// <remarks>Shards are contiguous runs of whole batches, so every image is processed in the same batch as in an unsharded run.</remarks>
public sealed record Shard(int Index, int Count)
{
    /// <summary>The whole dataset (1/1).</summary>
    public static Shard Whole { get; } = new(1, 1);

    /// <summary>Parses "i/n" with 1 ≤ i ≤ n.</summary>
    /// <exception cref="ConvLensException">The text is not of that form.</exception>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && i >= 1 && i <= n)
        {
            return new Shard(i, n);
        }

        throw new ConvLensException($"a shard must be I/N with 1 <= I <= N (e.g. 2/4), got '{text}'");
    }

    /// <summary>The global image range [start, end) of this shard for <paramref name="images"/> images in batches of <paramref name="batchSize"/>.</summary>
    public (long Start, long End) ImageRange(long images, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var batches = (images + batchSize - 1) / batchSize;
        var first = batches * (Index - 1) / Count;
        var last = batches * Index / Count;
        return (Math.Min(images, first * batchSize), Math.Min(images, last * batchSize));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";
}
