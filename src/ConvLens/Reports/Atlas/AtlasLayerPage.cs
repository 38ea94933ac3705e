using System.Globalization;
using System.Text;
using ConvLens.Visualize.Atlas;
using static ConvLens.Reports.Atlas.AtlasHtml;

namespace ConvLens.Reports.Atlas;

/// <summary>A layer's page: a grid of its units (maximized image and best exemplar), sortable, dead units marked.</summary>
internal static class AtlasLayerPage
{
    private const string SortScript = """

        document.getElementById('sort').addEventListener('change', e => {
          const key = e.target.value, grid = document.querySelector('.grid');
          const cards = [...grid.children];
          cards.sort((a, b) => key === 'unit' ? a.dataset.unit - b.dataset.unit : b.dataset[key] - a.dataset[key]);
          cards.forEach(c => grid.appendChild(c));
        });
        """;

    public static string Render(AtlasContent atlas, AtlasLayer layer)
    {
        var from = AtlasPaths.LayerPage(layer);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<nav><a href=\"{AtlasPaths.Relative(from, AtlasPaths.Index)}\">atlas of {Escape(atlas.Model)}</a></nav>");
        body.Append(CultureInfo.InvariantCulture, $"<h1>{Escape(layer.DisplayName)}</h1><p>shape {Shape(layer.Shape)}, receptive field {(layer.ReceptiveField is { } rf ? $"{rf} px" : "unknown")}; {layer.Health.Dead.Count} dead, {layer.Health.Rare.Count} rarely active, {layer.Health.Saturated.Count} saturated of {layer.Health.Channels}.</p>");
        body.Append("<p><label>sort by <select id=\"sort\"><option value=\"unit\">unit</option><option value=\"mean\">mean activation</option><option value=\"active\">fraction active</option></select></label></p><div class=\"grid\">");
        foreach (var unit in layer.Units)
        {
            var s = unit.Statistics;
            var best = unit.Top.Count > 0 ? $"<img src=\"{AtlasPaths.Relative(from, AtlasPaths.Crop(layer, unit.Channel, top: true, 0))}\" alt=\"best exemplar\">" : string.Empty;
            var max = unit.Maximized is not null ? $"<img src=\"{AtlasPaths.Relative(from, AtlasPaths.Maximized(layer, unit.Channel))}\" alt=\"maximized\">" : string.Empty;
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"card{(unit.Verdict == "dead" ? " dead" : string.Empty)}\" data-unit=\"{unit.Channel}\" data-mean=\"{(double.IsFinite(s.Mean) ? s.Mean : 0)}\" data-active=\"{s.FractionPositive}\">")
                .Append(CultureInfo.InvariantCulture, $"<a href=\"{AtlasPaths.Relative(from, AtlasPaths.UnitPage(layer, unit.Channel))}\">{max}{best}<br>unit {unit.Channel}</a><br>")
                .Append(CultureInfo.InvariantCulture, $"mean {Number(s.Mean)}, active {Percent(s.FractionPositive)}<br>{VerdictTag(unit.Verdict)}</div>");
        }

        body.Append("</div>");
        return Page($"{layer.DisplayName} — atlas of {atlas.Model}", body.ToString(), SortScript);
    }
}
