using System.Globalization;
using System.Text;
using ConvLens.Visualize.Atlas;
using ConvLens.Visualize.Statistics;
using static ConvLens.Reports.Atlas.AtlasHtml;

namespace ConvLens.Reports.Atlas;

/// <summary>A unit's page: maximized image, top and bottom exemplars (full image on click), histogram and verdict, kernel, prev/next.</summary>
internal static class AtlasUnitPage
{
    public static string Render(AtlasContent atlas, AtlasLayer layer, int position)
    {
        var unit = layer.Units[position];
        var from = AtlasPaths.UnitPage(layer, unit.Channel);
        string Link(string target) => AtlasPaths.Relative(from, target);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<nav><a href=\"{Link(AtlasPaths.Index)}\">atlas of {Escape(atlas.Model)}</a><a href=\"{Link(AtlasPaths.LayerPage(layer))}\">{Escape(layer.DisplayName)}</a>");
        if (position > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<a rel=\"prev\" href=\"{Link(AtlasPaths.UnitPage(layer, layer.Units[position - 1].Channel))}\">&larr; unit {layer.Units[position - 1].Channel}</a>");
        }

        if (position + 1 < layer.Units.Count)
        {
            body.Append(CultureInfo.InvariantCulture, $"<a rel=\"next\" href=\"{Link(AtlasPaths.UnitPage(layer, layer.Units[position + 1].Channel))}\">unit {layer.Units[position + 1].Channel} &rarr;</a>");
        }

        body.Append(CultureInfo.InvariantCulture, $"</nav><h1>{Escape(layer.DisplayName)} unit {unit.Channel} {VerdictTag(unit.Verdict)}</h1>");
        if (unit.Maximized is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<h2>Maximized image</h2><img class=\"big\" src=\"{Link(AtlasPaths.Maximized(layer, unit.Channel))}\" alt=\"maximized image of unit {unit.Channel}\">");
            body.Append(CultureInfo.InvariantCulture, $"<p>{Escape(atlas.Maximization)}</p>");
        }

        body.Append(Exemplars(atlas, layer, unit, top: true, Link)).Append(Exemplars(atlas, layer, unit, top: false, Link));
        body.Append("<h2>Activations over the dataset</h2>").Append(Histogram(layer.Histogram, unit.Statistics)).Append(Table(unit.Statistics));
        if (unit.Kernel is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<h2>Kernel</h2><img src=\"{Link(AtlasPaths.Kernel(layer, unit.Channel))}\" alt=\"kernel of unit {unit.Channel}\">");
        }

        return Page($"{layer.DisplayName} unit {unit.Channel} — atlas of {atlas.Model}", body.ToString());
    }

    private static string Exemplars(AtlasContent atlas, AtlasLayer layer, AtlasUnit unit, bool top, Func<string, string> link)
    {
        var list = top ? unit.Top : unit.Bottom;
        var html = new StringBuilder($"<h2>{(top ? "Dataset images that excite it most" : "Dataset images that excite it least")}</h2><div class=\"strip\">");
        for (var rank = 0; rank < list.Count; rank++)
        {
            var e = list[rank];
            var b = e.Box;
            var box = string.Create(CultureInfo.InvariantCulture, $"{100.0 * b.Left / atlas.Input.Width:F2},{100.0 * b.Top / atlas.Input.Height:F2},{100.0 * b.Width / atlas.Input.Width:F2},{100.0 * b.Height / atlas.Input.Height:F2}");
            var file = atlas.Images.TryGetValue(e.Exemplar.Image, out var source) ? Path.GetFileName(source.File) : $"image {e.Exemplar.Image}";
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"ex\"><a href=\"{link(AtlasPaths.Image(e.Exemplar.Image))}\" data-box=\"{box}\" title=\"{Escape(file)}: {Number(e.Exemplar.Score)} at ({e.Exemplar.X},{e.Exemplar.Y})\">")
                .Append(CultureInfo.InvariantCulture, $"<img src=\"{link(AtlasPaths.Crop(layer, unit.Channel, top, rank))}\" alt=\"exemplar {rank + 1}\"></a>{Number(e.Exemplar.Score)}<br>{Escape(file)}</div>");
        }

        return html.Append(list.Count == 0 ? "<p>none</p>" : string.Empty).Append("</div>").ToString();
    }

    // Bars of the channel's histogram over the layer's shared range; counts on a square-root scale so thin tails show.
    private static string Histogram(HistogramSpec spec, ChannelSummary s)
    {
        const int width = 480, height = 120;
        var counts = s.Histogram;
        var peak = Math.Sqrt(Math.Max(1, counts.DefaultIfEmpty(0).Max()));
        var bar = counts.Count == 0 ? 0 : (double)width / counts.Count;
        var svg = new StringBuilder($"<svg width=\"{width}\" height=\"{height + 16}\" role=\"img\" aria-label=\"histogram\"><rect width=\"{width}\" height=\"{height}\" fill=\"#fff\" stroke=\"#ccc\"/>");
        for (var i = 0; i < counts.Count; i++)
        {
            var h = height * Math.Sqrt(counts[i]) / peak;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{i * bar:F1}\" y=\"{height - h:F1}\" width=\"{Math.Max(bar - 0.5, 0.5):F1}\" height=\"{h:F1}\" fill=\"#3584e4\"/>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{height + 13}\" font-size=\"11\">{Number(spec.Min)}</text><text x=\"{width}\" y=\"{height + 13}\" font-size=\"11\" text-anchor=\"end\">{Number(spec.Max)}</text></svg>");
        return svg.ToString();
    }

    private static string Table(ChannelSummary s)
    {
        var quantiles = string.Join(", ", ChannelStatisticsSnapshot.QuantileLevels.Zip(s.Quantiles, (level, value) => $"p{level * 100:0.#}: {Number(value)}"));
        return $"<table><tr><td>mean</td><td>{Number(s.Mean)}</td></tr><tr><td>std</td><td>{Number(s.Std)}</td></tr><tr><td>min / max</td><td>{Number(s.Min)} / {Number(s.Max)}</td></tr>"
            + $"<tr><td>positions active</td><td>{Percent(s.FractionPositive)}</td></tr><tr><td>images where it fires</td><td>{Percent(s.FractionImagesActive)}</td></tr>"
            + $"<tr><td>quantiles</td><td>{Escape(quantiles)}</td></tr><tr><td>below / above range</td><td>{s.Underflow} / {s.Overflow}</td></tr></table>";
    }
}
