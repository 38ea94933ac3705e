namespace ConvLens.Visualize.Statistics;

/// <summary>Per-layer activation statistics of a dataset (or one shard of it), plus the files that were not used.</summary>
public sealed class DatasetStatisticsResult
{
    /// <summary>The model's name.</summary>
    public required string Model { get; init; }

    /// <summary>The dataset as given.</summary>
    public required string Dataset { get; init; }

    /// <summary>Images listed in the whole dataset.</summary>
    public long DatasetImages { get; init; }

    /// <summary>The shard this result covers (1/1 after a complete merge).</summary>
    public required Shard Shard { get; init; }

    /// <summary>Images per forward pass.</summary>
    public int BatchSize { get; init; }

    /// <summary>Global index of the first image covered.</summary>
    public long StartImage { get; init; }

    /// <summary>Global index one past the last image covered.</summary>
    public long EndImage { get; init; }

    /// <summary>Images that were decoded and measured.</summary>
    public long ImagesProcessed { get; init; }

    /// <summary>Listed images that could not be read (corrupt, truncated, missing), with reasons.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; init; } = [];

    /// <summary>Files in the dataset folder that are not images.</summary>
    public IReadOnlyList<SkippedFile> Ignored { get; init; } = [];

    /// <summary>The file of every image an exemplar list names, by global index.</summary>
    public IReadOnlyDictionary<long, string> ExemplarFiles { get; init; } = new SortedDictionary<long, string>();

    /// <summary>Statistics per requested layer, in request order.</summary>
    public IReadOnlyList<LayerStatistics> Layers { get; init; } = [];

    /// <summary>
    /// Combines shard results of one dataset into one result; the outcome is identical to an unsharded run with the
    /// same batch size. Parts may be given in any order but must cover contiguous image ranges.
    /// </summary>
    /// <exception cref="ConvLensException">The parts do not fit together (different layers or settings, gaps, overlaps).</exception>
    public static DatasetStatisticsResult Merge(IEnumerable<DatasetStatisticsResult> parts, DeadFilterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var ordered = parts.OrderBy(p => p.StartImage).ToArray();
        if (ordered.Length == 0)
        {
            throw new ConvLensException("nothing to merge: give at least one statistics part");
        }

        var first = ordered[0];
        options ??= new DeadFilterOptions();
        var layerNames = first.Layers.Select(l => l.Layer).ToArray();
        foreach (var part in ordered.Skip(1))
        {
            if (!part.Layers.Select(l => l.Layer).SequenceEqual(layerNames, StringComparer.Ordinal))
            {
                throw new ConvLensException($"cannot merge parts with different layers: [{string.Join(", ", layerNames)}] vs [{string.Join(", ", part.Layers.Select(l => l.Layer))}]");
            }

            if (part.Model != first.Model || part.DatasetImages != first.DatasetImages)
            {
                throw new ConvLensException($"cannot merge parts of different runs: model {first.Model} vs {part.Model}, {first.DatasetImages} vs {part.DatasetImages} images");
            }
        }

        var layers = new List<LayerStatistics>();
        for (var i = 0; i < layerNames.Length; i++)
        {
            var template = first.Layers[i];
            var accumulator = ChannelStatistics.ImportState(template.Accumulator.ExportState());
            foreach (var part in ordered.Skip(1))
            {
                accumulator.Merge(part.Layers[i].Accumulator);
            }

            var exemplars = template.Exemplars is { } e ? UnitExemplars.ImportState(e.ExportState()) : null;
            foreach (var part in ordered.Skip(1))
            {
                var next = part.Layers[i].Exemplars;
                if ((exemplars is null) != (next is null))
                {
                    throw new ConvLensException($"cannot merge parts with and without exemplars (layer {template.DisplayName}); run every part with the same exemplar count");
                }

                if (next is not null)
                {
                    exemplars!.Merge(next);
                }
            }

            layers.Add(new LayerStatistics(template.Layer, template.DisplayName, template.Shape, accumulator, exemplars, template.Weights, options));
        }

        var complete = ordered[0].StartImage == 0 && ordered[^1].EndImage == first.DatasetImages;
        return new DatasetStatisticsResult
        {
            Model = first.Model,
            Dataset = first.Dataset,
            DatasetImages = first.DatasetImages,
            Shard = complete ? Shard.Whole : first.Shard,
            BatchSize = first.BatchSize,
            StartImage = ordered[0].StartImage,
            EndImage = ordered[^1].EndImage,
            ImagesProcessed = ordered.Sum(p => p.ImagesProcessed),
            Skipped = [.. ordered.SelectMany(p => p.Skipped)],
            Ignored = first.Ignored,
            Layers = layers,
            ExemplarFiles = ExemplarFilesOf(layers, ordered),
        };
    }

    /// <summary>The files of the images some exemplar list of <paramref name="layers"/> names (bounded by layers x channels x 2k).</summary>
    internal static SortedDictionary<long, string> FilesNamedBy(IEnumerable<LayerStatistics> layers, Func<long, string?> fileOf)
    {
        var files = new SortedDictionary<long, string>();
        var named = layers
            .Where(l => l.Exemplars is not null)
            .SelectMany(l => Enumerable.Range(0, l.Exemplars!.Channels).Select(l.Exemplars.Of))
            .SelectMany(c => c.Top.Concat(c.Bottom));
        foreach (var e in named)
        {
            if (fileOf(e.Image) is { } file)
            {
                files[e.Image] = file;
            }
        }

        return files;
    }

    // The merged lists name a subset of the images the parts' lists named.
    private static SortedDictionary<long, string> ExemplarFilesOf(IEnumerable<LayerStatistics> layers, IEnumerable<DatasetStatisticsResult> parts)
    {
        var known = new Dictionary<long, string>();
        foreach (var (index, file) in parts.SelectMany(p => p.ExemplarFiles))
        {
            known[index] = file;
        }

        return FilesNamedBy(layers, i => known.GetValueOrDefault(i));
    }
}
