using System.Globalization;
using System.Text;
using ConvLens.Imaging;
using ConvLens.Visualize.Attribution.Dataset;

namespace ConvLens.Cli.Console;

/// <summary>The files of a dataset <c>cam</c> run, written from its result alone, so a run and a merge of its shards write the same bytes.</summary>
internal static class CamDatasetFiles
{
    /// <summary>The raw map of one row, written with --npy.</summary>
    public static string MapNpy(DatasetCamRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return $"{row.Index:D6}.{row.Method}.{FileNames.Safe(row.Target)}.npy";
    }

    /// <summary>Writes images.csv, cam.json and, with --aggregate, the mean maps of <paramref name="result"/>.</summary>
    public static void Write(OutputFolder output, DatasetCamResult result, CamPart arguments)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(arguments);
        output.WriteText("images.csv", Csv(result));
        var colormap = Colormaps.Get(arguments.Colormap);
        var means = new List<object>();
        foreach (var m in arguments.Aggregate ? result.MeanMaps : [])
        {
            var stem = $"mean.{m.Method}.{FileNames.Safe(m.Target)}.{(m.Class is { } c ? $"class_{c}" : "all")}";
            var mean = m.Mean();
            output.WritePng(stem + ".png", HeatmapRenderer.Render(new Heatmap(m.Width, m.Height, mean), colormap));
            if (arguments.Npy)
            {
                output.WriteBytes(stem + ".npy", NpyWriter.Encode(mean, m.Height, m.Width));
            }

            means.Add(new { m.Method, m.Target, m.Class, images = m.Count, png = stem + ".png" });
        }

        output.WriteJson("cam.json", new
        {
            model = result.Model, dataset = result.Dataset, result.DatasetImages, shard = result.Shard.ToString(), result.ImagesProcessed,
            skipped = result.Skipped, meanMaps = means,
            summary = result.Rows.SelectMany(r => r.Scores.Select(s => (r.Method, r.Target, s))).GroupBy(x => (x.Method, x.Target, x.s.Metric))
                .Select(g => new { method = g.Key.Method, target = g.Key.Target, metric = g.Key.Metric, images = g.Count(), mean = g.Average(x => x.s.Value), random = g.Average(x => x.s.Random) }),
        });
    }

    // One row per image × method × target; a metric an image has no value for (no box) leaves its two cells empty.
    private static string Csv(DatasetCamResult result)
    {
        var metricIds = result.Rows.SelectMany(r => r.Scores.Select(s => s.Metric)).Distinct().ToList();
        var csv = new StringBuilder("index,image,method,target,class,score,warning" + string.Concat(metricIds.Select(m => $",{m},{m}_random")) + "\n");
        foreach (var r in result.Rows)
        {
            var scores = metricIds.Select(m => r.Scores.FirstOrDefault(s => s.Metric == m) is { } s ? string.Create(CultureInfo.InvariantCulture, $",{s.Value:R},{s.Random:R}") : ",,");
            csv.Append(CultureInfo.InvariantCulture, $"{r.Index},{Quote(r.Image)},{r.Method},{Quote(r.Target)},{r.Class},{r.Score:R},{Quote(r.Warning ?? string.Empty)}").Append(string.Concat(scores)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Quote(string text) => text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}
