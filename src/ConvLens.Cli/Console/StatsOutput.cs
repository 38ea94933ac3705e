using ConvLens.Imaging;
using ConvLens.Visualize.Statistics;
using ConvLens.Visualize.Statistics.Output;
using Spectre.Console;

namespace ConvLens.Cli.Console;

/// <summary>Writes a statistics result (JSON, CSV and plots per layer) and prints its summary lines.</summary>
public static class StatsOutput
{
    /// <summary>Writes every file of <paramref name="result"/> into <paramref name="folder"/> and prints the summary.</summary>
    /// <param name="console">Where the summary goes.</param>
    /// <param name="folder">The output folder.</param>
    /// <param name="result">The statistics.</param>
    /// <param name="rarePercent">The rarely-active threshold the plots mark.</param>
    /// <param name="npy">Also write the histograms as float32 .npy arrays.</param>
    public static void Write(IAnsiConsole console, string folder, DatasetStatisticsResult result, double rarePercent, bool npy = false)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        // Everything is rendered in memory first, so a failure or Ctrl+C before this point leaves no file at all.
        var files = new List<(string Name, byte[] Data)>
        {
            ("stats.json", System.Text.Encoding.UTF8.GetBytes(StatisticsJson.Serialize(result))),
        };
        foreach (var layer in result.Layers)
        {
            var name = FileNames.Safe(layer.DisplayName);
            files.Add(($"{name}.csv", System.Text.Encoding.UTF8.GetBytes(StatisticsCsv.Layer(layer))));
            files.Add(($"{name}-histogram.png", StatisticsPlots.Histogram(layer)));
            files.Add(($"{name}-fraction-active.png", StatisticsPlots.FractionActive(layer, rarePercent)));
            if (npy)
            {
                var spec = layer.Snapshot.Histogram;
                var counts = layer.Snapshot.Channels.SelectMany(c => c.Histogram).Select(v => (float)v).ToArray();
                files.Add(($"{name}-histogram.npy", NpyWriter.Encode(counts, layer.Snapshot.Channels.Count, spec.Bins)));
                files.Add(($"{name}-histogram-edges.npy", NpyWriter.Encode([.. Enumerable.Range(0, spec.Bins + 1).Select(b => (float)spec.Edge(b))], spec.Bins + 1)));
            }
        }

        var output = new OutputFolder(folder);
        foreach (var (name, data) in files)
        {
            output.WriteBytes(name, data);
        }

        console.MarkupLine(Markup.Escape($"{result.ImagesProcessed} images measured (shard {result.Shard}, images {result.StartImage}..{result.EndImage - 1} of {result.DatasetImages})"));
        foreach (var layer in result.Layers)
        {
            var h = layer.Health;
            console.MarkupLine(Markup.Escape($"{layer.Summary()}; {h.Rare.Count} rare, {h.Saturated.Count} saturated")
                + (h.NearZeroKernel.Count + h.NearZeroGamma.Count > 0 ? Markup.Escape($"; weight hints: {h.NearZeroKernel.Count} near-zero kernels, {h.NearZeroGamma.Count} near-zero BatchNorm gammas") : string.Empty));
        }

        foreach (var s in result.Skipped)
        {
            console.MarkupLine($"[yellow]warning:[/] skipped {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
        }

        if (result.Ignored.Count > 0)
        {
            console.MarkupLine($"[yellow]warning:[/] ignored {result.Ignored.Count} non-image file(s): {Markup.Escape(string.Join(", ", result.Ignored.Take(5).Select(i => Path.GetFileName(i.Path))))}{(result.Ignored.Count > 5 ? ", ..." : string.Empty)}");
        }

        foreach (var file in output.Written)
        {
            console.MarkupLine($"wrote [green]{Markup.Escape(file)}[/]");
        }
    }
}
