using ConvLens.Imaging;
using ScottPlot;
using SkiaSharp;

namespace ConvLens.Visualize.Statistics.Output;

/// <summary>PNG plots of a layer's statistics, rendered in memory with ScottPlot.</summary>
public static class StatisticsPlots
{
    private const string FontName = "ConvLens Sans";
    private static readonly Lazy<bool> FontRegistered = new(() =>
    {
        // ScottPlot finds fonts through a process-wide resolver list; the bundled typeface makes the plots
        // look the same on machines without system fonts. Registered once, never removed.
        Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
        return true;
    });

    /// <summary>The layer's activation distribution (all channels) as a bar histogram with a log-scaled count axis.</summary>
    public static byte[] Histogram(LayerStatistics layer, int width = 800, int height = 450)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var snap = layer.Snapshot;
        var counts = snap.LayerHistogram();
        var spec = snap.Histogram;
        var plot = NewPlot();
        var bars = new List<Bar>();
        for (var b = 0; b < counts.Length; b++)
        {
            if (counts[b] > 0)
            {
                bars.Add(new Bar
                {
                    Position = spec.Edge(b) + (spec.BinWidth / 2),
                    Value = Math.Log10(counts[b]),
                    Size = spec.BinWidth,
                    FillColor = Colors.SteelBlue,
                    LineWidth = 0,
                });
            }
        }

        plot.Add.Bars(bars);
        var under = snap.Channels.Sum(c => c.Underflow);
        var over = snap.Channels.Sum(c => c.Overflow);
        plot.Title($"{layer.DisplayName}: activations over {snap.Images} images ({snap.Channels.Count} channels)");
        plot.XLabel(under + over > 0 ? $"activation (outside range: {under} below, {over} above)" : "activation");
        plot.YLabel("log10(count)");
        plot.Axes.Margins(bottom: 0);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Each channel's fraction of images where it fires, sorted from most to least active, with the rare threshold.</summary>
    public static byte[] FractionActive(LayerStatistics layer, double rarePercent = 1.0, int width = 800, int height = 450)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var sorted = layer.Snapshot.Channels.Select(c => double.IsNaN(c.FractionImagesActive) ? 0 : c.FractionImagesActive)
            .OrderByDescending(v => v).ToArray();
        var plot = NewPlot();
        var xs = Enumerable.Range(0, sorted.Length).Select(i => (double)i).ToArray();
        var line = plot.Add.Scatter(xs, sorted);
        line.MarkerSize = sorted.Length <= 64 ? 4 : 0;
        line.LineWidth = 2;
        var rare = plot.Add.HorizontalLine(rarePercent / 100.0);
        rare.LinePattern = LinePattern.Dashed;
        rare.Color = Colors.Red;
        rare.LegendText = $"rare threshold ({rarePercent:0.##} % of images)";
        plot.Title($"{layer.DisplayName}: {layer.Health.DeadSummary()}, {layer.Health.Rare.Count} rare");
        plot.XLabel("channel rank (most active first)");
        plot.YLabel("fraction of images where the channel fires");
        plot.Axes.SetLimitsY(-0.02, 1.02);
        plot.ShowLegend(Alignment.LowerLeft);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static Plot NewPlot()
    {
        _ = FontRegistered.Value;
        var plot = new Plot();
        plot.Font.Set(FontName);
        return plot;
    }

    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            fontName == FontName ? EmbeddedFonts.Regular : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == FontName ? EmbeddedFonts.Regular : null;
    }
}
