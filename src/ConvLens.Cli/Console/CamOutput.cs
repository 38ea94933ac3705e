using System.Globalization;
using ConvLens.Visualize.Attribution;
using ConvLens.Visualize.Attribution.Metrics;
using Spectre.Console;

namespace ConvLens.Cli.Console;

/// <summary>The cam command's JSON records and console lines for metric scores.</summary>
internal static class CamOutput
{
    /// <summary>The metrics of one item for cam.json: id → value, random baseline and details; null when none were asked for.</summary>
    public static object? Metrics(CamJobItem item) =>
        item.Scores.Count == 0 && item.MetricNotes.Count == 0 ? null
            : item.Scores.ToDictionary(s => s.Metric, s => (object)new { s.Value, s.Random, details = s.Details.Count == 0 ? null : s.Details });

    /// <summary>"road 0.123 (random 0.045), ..." for the console.</summary>
    public static string Line(CamJobItem item) =>
        string.Join(", ", item.Scores.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Metric} {s.Value:G4} (random {s.Random:G4})")));

    /// <summary>Mean of every metric per method and target over the images, with the random baselines: the figure to compare methods by.</summary>
    public static IReadOnlyList<SummaryRow> Summary(IReadOnlyList<CamJobItem> items) =>
        [.. items.SelectMany(i => i.Scores.Select(s => (i.Method, i.Target, Score: s)))
            .GroupBy(x => (x.Method, x.Target, x.Score.Metric))
            .Select(g => new SummaryRow(
                g.Key.Method, g.Key.Target, g.Key.Metric, g.Count(), g.Average(x => x.Score.Value), g.Average(x => x.Score.Random),
                AttributionMetrics.Create(g.Key.Metric).HigherIsBetter))];

    /// <summary>The summary as a console table.</summary>
    public static void WriteTable(IAnsiConsole console, IReadOnlyList<SummaryRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("method", "target", "metric", "images", "mean", "random map", "better");
        foreach (var r in rows)
        {
            table.AddRow(
                Markup.Escape(r.Method), Markup.Escape(r.Target), r.Metric, r.Images.ToString(CultureInfo.InvariantCulture),
                r.Mean.ToString("G4", CultureInfo.InvariantCulture), r.Random.ToString("G4", CultureInfo.InvariantCulture), r.HigherIsBetter ? "higher" : "lower");
        }

        console.Write(table);
    }

    /// <summary>One method × target × metric averaged over images.</summary>
    internal sealed record SummaryRow(string Method, string Target, string Metric, int Images, double Mean, double Random, bool HigherIsBetter);
}
