using System.Text.Json;
using System.Text.Json.Serialization;
using ConvLens.Visualize.Attribution.Metrics;
using ConvLens.Visualize.Statistics;

namespace ConvLens.Visualize.Attribution.Dataset;

/// <summary>Writes and reads a <see cref="DatasetCamResult"/> as JSON: its rows and the fixed-point sums of its mean maps.</summary>
/// <remarks>Floats and doubles are written in their shortest round-trip form and sums as integers, so a part read back merges exactly.</remarks>
public static class DatasetCamJson
{
    /// <summary>The format tag written into every file.</summary>
    public const string Format = "convlens-cam-state/1";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The result as one JSON document (not indented: the sums are long).</summary>
    public static string Serialize(DatasetCamResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var dto = new FileDto(
            Format, result.Model, result.Dataset, result.DatasetImages, result.Shard.ToString(), result.ImagesProcessed, [.. result.Skipped], [.. result.Ignored],
            [.. result.Rows.Select(r => new RowDto(r.Index, r.Image, r.Method, r.Target, r.Class, r.Score, r.Warning, [.. r.Scores.Select(s => new ScoreDto(s.Metric, s.Value, s.Random, s.Details.ToDictionary()))]))],
            [.. result.MeanMaps.Select(m => new MapDto(m.Method, m.Target, m.Class, m.Height, m.Width, m.Count, m.Sum))]);
        return JsonSerializer.Serialize(dto, Options);
    }

    /// <summary>Reads a document written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The document text.</param>
    /// <param name="source">The file name, for error messages.</param>
    /// <exception cref="ConvLensException">The text is not such a document.</exception>
    public static DatasetCamResult Deserialize(string json, string source)
    {
        var dto = FormatTaggedJson.Read<FileDto>(json, source, "cam state file", Format, Options, d => d.Format);
        var maps = dto.MeanMaps.Select(m =>
        {
            var map = new ClassMeanMap(m.Method, m.Target, m.Class, m.Height, m.Width);
            map.Merge(m.Sum, m.Count);
            return map;
        });
        return new DatasetCamResult
        {
            Model = dto.Model,
            Dataset = dto.Dataset,
            DatasetImages = dto.DatasetImages,
            Shard = Shard.Parse(dto.Shard),
            ImagesProcessed = dto.ImagesProcessed,
            Skipped = dto.Skipped,
            Ignored = dto.Ignored,
            Rows = [.. dto.Rows.Select(r => new DatasetCamRow(r.Index, r.Image, r.Method, r.Target, r.Class, r.Score, r.Warning, [.. r.Scores.Select(s => new MetricScore(s.Metric, s.Value, s.Random, s.Details))]))],
            MeanMaps = [.. maps],
        };
    }

    private sealed record FileDto(string Format, string Model, string Dataset, long DatasetImages, string Shard, long ImagesProcessed, SkippedFile[] Skipped, SkippedFile[] Ignored, RowDto[] Rows, MapDto[] MeanMaps);

    private sealed record RowDto(long Index, string Image, string Method, string Target, long? Class, float Score, string? Warning, ScoreDto[] Scores);

    private sealed record ScoreDto(string Metric, double Value, double Random, Dictionary<string, double> Details);

    private sealed record MapDto(string Method, string Target, long? Class, int Height, int Width, long Count, long[] Sum);
}
