using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConvLens.Visualize.Statistics.Output;

/// <summary>Writes and reads <see cref="DatasetStatisticsResult"/> as JSON, including the exact mergeable state of each layer.</summary>
/// <remarks>Doubles are written in their shortest round-trip form, so a part read back merges bit-identically.</remarks>
public static class StatisticsJson
{
    /// <summary>The format tag written into every file.</summary>
    public const string Format = "convlens-stats/1";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The result as an indented JSON document.</summary>
    public static string Serialize(DatasetStatisticsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var dto = new FileDto
        {
            Format = Format,
            Model = result.Model,
            Dataset = result.Dataset,
            DatasetImages = result.DatasetImages,
            Shard = result.Shard.ToString(),
            BatchSize = result.BatchSize,
            StartImage = result.StartImage,
            EndImage = result.EndImage,
            ImagesProcessed = result.ImagesProcessed,
            Skipped = [.. result.Skipped],
            Ignored = [.. result.Ignored],
            ExemplarFiles = new SortedDictionary<long, string>(result.ExemplarFiles.ToDictionary()),
            Layers = [.. result.Layers.Select(l => new LayerDto
            {
                Layer = l.Layer,
                DisplayName = l.DisplayName,
                Shape = [.. l.Shape],
                Summary = l.Summary(),
                Health = l.Health,
                QuantileLevels = [.. ChannelStatisticsSnapshot.QuantileLevels],
                Channels = [.. l.Snapshot.Channels],
                LayerHistogram = l.Snapshot.LayerHistogram(),
                Weights = l.Weights,
                State = l.Accumulator.ExportState(),
                Exemplars = l.Exemplars?.ExportState(),
            })],
        };
        return JsonSerializer.Serialize(dto, Options);
    }

    /// <summary>Reads a document written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The document text.</param>
    /// <param name="source">The file name, for error messages.</param>
    /// <param name="options">Dead-filter thresholds for the verdicts; defaults when null.</param>
    /// <exception cref="ConvLensException">The text is not a ConvLens statistics document.</exception>
    public static DatasetStatisticsResult Deserialize(string json, string source, DeadFilterOptions? options = null)
    {
        var dto = FormatTaggedJson.Read<FileDto>(json, source, "statistics file", Format, Options, d => d.Format);
        options ??= new DeadFilterOptions();
        return new DatasetStatisticsResult
        {
            Model = dto.Model,
            Dataset = dto.Dataset,
            DatasetImages = dto.DatasetImages,
            Shard = Shard.Parse(dto.Shard),
            BatchSize = dto.BatchSize,
            StartImage = dto.StartImage,
            EndImage = dto.EndImage,
            ImagesProcessed = dto.ImagesProcessed,
            Skipped = dto.Skipped,
            Ignored = dto.Ignored,
            ExemplarFiles = dto.ExemplarFiles,
            Layers = [.. dto.Layers.Select(l => new LayerStatistics(
                l.Layer, l.DisplayName, l.Shape, ChannelStatistics.ImportState(l.State), l.Exemplars is { } e ? UnitExemplars.ImportState(e) : null, l.Weights, options))],
        };
    }

    private sealed class FileDto
    {
        public string Format { get; set; } = string.Empty;

        public string Model { get; set; } = string.Empty;

        public string Dataset { get; set; } = string.Empty;

        public long DatasetImages { get; set; }

        public string Shard { get; set; } = "1/1";

        public int BatchSize { get; set; }

        public long StartImage { get; set; }

        public long EndImage { get; set; }

        public long ImagesProcessed { get; set; }

        public List<SkippedFile> Skipped { get; set; } = [];

        public List<SkippedFile> Ignored { get; set; } = [];

        public SortedDictionary<long, string> ExemplarFiles { get; set; } = [];

        public List<LayerDto> Layers { get; set; } = [];
    }

    private sealed class LayerDto
    {
        public string Layer { get; set; } = string.Empty;

        public string DisplayName { get; set; } = string.Empty;

        public long[] Shape { get; set; } = [];

        public string Summary { get; set; } = string.Empty;

        public FilterHealth? Health { get; set; }

        public double[] QuantileLevels { get; set; } = [];

        public List<ChannelSummary> Channels { get; set; } = [];

        public long[] LayerHistogram { get; set; } = [];

        public WeightHints? Weights { get; set; }

        public ChannelStatisticsState State { get; set; } = null!;

        // The lists are also the mergeable state: the k best of a union are the k best of the parts' k best.
        public UnitExemplarsState? Exemplars { get; set; }
    }
}
