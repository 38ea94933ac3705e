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

    /// <summary>Combines the results of every shard of one run (any order) into the result of one unsharded run.</summary>
    /// <exception cref="ConvLensException">No part, parts of different models or datasets, or shards missing or given twice.</exception>
    public static DatasetCamResult Merge(IReadOnlyList<DatasetCamResult> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0 || parts.Any(p => p.Model != parts[0].Model || p.Dataset != parts[0].Dataset || p.DatasetImages != parts[0].DatasetImages))
        {
            throw new ConvLensException("give one or more parts of the same model and dataset to merge");
        }

        var ordered = parts.OrderBy(p => p.Shard.Index).ToArray();
        RequireEveryShardOnce(ordered);
        var maps = new Dictionary<(string, string, long?), ClassMeanMap>();
        foreach (var m in ordered.SelectMany(p => p.MeanMaps))
        {
            var key = (m.Method, m.Target, m.Class);
            if (!maps.TryGetValue(key, out var sum))
            {
                maps[key] = sum = new ClassMeanMap(m.Method, m.Target, m.Class, m.Height, m.Width);
            }

            sum.Merge(m.Sum, m.Count);
        }

        return ordered[0] with
        {
            Shard = Shard.Whole,
            ImagesProcessed = ordered.Sum(p => p.ImagesProcessed),
            Skipped = [.. ordered.SelectMany(p => p.Skipped)],
            Rows = InDatasetOrder(ordered.SelectMany(p => p.Rows)),
            MeanMaps = InKeyOrder(maps.Values),
        };
    }

    /// <summary>Rows by image index; an image's rows keep their order (method, then target), whichever shard made them.</summary>
    internal static IReadOnlyList<DatasetCamRow> InDatasetOrder(IEnumerable<DatasetCamRow> rows) => [.. rows.OrderBy(r => r.Index)];

    /// <summary>Mean maps by method, target and class, so one run and a merge list them alike.</summary>
    internal static IReadOnlyList<ClassMeanMap> InKeyOrder(IEnumerable<ClassMeanMap> maps) =>
        [.. maps.OrderBy(m => m.Method, StringComparer.Ordinal).ThenBy(m => m.Target, StringComparer.Ordinal).ThenBy(m => m.Class)];

    // A merge of some shards only, or of one shard twice, would pass for the whole run; refuse it.
    private static void RequireEveryShardOnce(DatasetCamResult[] ordered)
    {
        var count = ordered[0].Shard.Count;
        if (ordered.FirstOrDefault(p => p.Shard.Count != count) is { } other)
        {
            throw new ConvLensException($"cannot merge shard {ordered[0].Shard} with shard {other.Shard}: the parts split the dataset differently");
        }

        if (ordered.GroupBy(p => p.Shard.Index).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ConvLensException($"shard {twice.First().Shard} is given {twice.Count()} times; give each shard once");
        }

        var missing = Enumerable.Range(1, count).Except(ordered.Select(p => p.Shard.Index)).ToList();
        if (missing.Count > 0)
        {
            throw new ConvLensException($"shard{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing.Select(i => $"{i}/{count}"))} missing: the merge needs all {count} shards");
        }
    }
}
