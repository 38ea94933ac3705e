using ConvLens.Visualize.Statistics;

namespace ConvLens.Visualize.Attribution.Dataset;

/// <summary>What a dataset run of explanations produced: one row per image × method × target and the per-class sums of maps.</summary>
public sealed record DatasetCamResult
{
    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>The dataset as given.</summary>
    public required string Dataset { get; init; }

    /// <summary>Images in the whole dataset.</summary>
    public long DatasetImages { get; init; }

    /// <summary>The shard processed.</summary>
    public Shard Shard { get; init; } = Shard.Whole;

    /// <summary>Images explained (skipped ones excluded).</summary>
    public long ImagesProcessed { get; init; }

    /// <summary>Unreadable images, with reasons.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; init; } = [];

    /// <summary>Non-image files of a folder.</summary>
    public IReadOnlyList<SkippedFile> Ignored { get; init; } = [];

    /// <summary>Scores and metrics per image × method × target, in dataset order.</summary>
    public IReadOnlyList<DatasetCamRow> Rows { get; init; } = [];

    /// <summary>Sums of the normalised maps per method, target and class.</summary>
    public IReadOnlyList<ClassMeanMap> MeanMaps { get; init; } = [];

    /// <summary>Combines shard results (any order) into the result of one run over their images.</summary>
    /// <exception cref="ConvLensException">No part, or parts of different models or datasets.</exception>
    public static DatasetCamResult Merge(IReadOnlyList<DatasetCamResult> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0 || parts.Any(p => p.Model != parts[0].Model || p.Dataset != parts[0].Dataset))
        {
            throw new ConvLensException("give one or more parts of the same model and dataset to merge");
        }

        var maps = new Dictionary<(string, string, long?), ClassMeanMap>();
        foreach (var m in parts.SelectMany(p => p.MeanMaps))
        {
            var key = (m.Method, m.Target, m.Class);
            if (!maps.TryGetValue(key, out var sum))
            {
                maps[key] = sum = new ClassMeanMap(m.Method, m.Target, m.Class, m.Height, m.Width);
            }

            sum.Merge(m.Sum, m.Count);
        }

        return parts[0] with
        {
            Shard = Shard.Whole,
            ImagesProcessed = parts.Sum(p => p.ImagesProcessed),
            Skipped = [.. parts.SelectMany(p => p.Skipped)],
            Rows = [.. parts.SelectMany(p => p.Rows).OrderBy(r => r.Index)],
            MeanMaps = [.. maps.Values.OrderBy(m => m.Method, StringComparer.Ordinal).ThenBy(m => m.Target, StringComparer.Ordinal).ThenBy(m => m.Class)],
        };
    }
}
