using System.Globalization;
using System.Text;
using ConvLens.Visualize.Atlas;
using static ConvLens.Reports.Atlas.AtlasHtml;

namespace ConvLens.Reports.Atlas;

/// <summary>The front page: every layer with its shape, receptive field, health counts and thumbnails.</summary>
internal static class AtlasIndexPage
{
    public static string Render(AtlasContent atlas)
    {
        var from = AtlasPaths.Index;
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<h1>Atlas of {Escape(atlas.Model)}</h1><p>{atlas.ImagesProcessed} images of {Escape(atlas.Dataset)}; input {atlas.Input.Width}x{atlas.Input.Height}; maximization: {Escape(atlas.Maximization)}. <a href=\"{AtlasPaths.Manifest}\">atlas.json</a></p>");
        body.Append("<table><tr><th>layer</th><th>shape</th><th>receptive field</th><th>stride</th><th>units</th><th>dead</th><th>rare</th><th>saturated</th><th>units shown</th></tr>");
        foreach (var layer in atlas.Layers)
        {
            var thumbs = string.Concat(layer.Units.Take(8).Select(u =>
                $"<a href=\"{AtlasPaths.Relative(from, AtlasPaths.UnitPage(layer, u.Channel))}\"><img src=\"{AtlasPaths.Relative(from, Thumbnail(layer, u))}\" alt=\"unit {u.Channel}\"></a>"));
            body.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"{AtlasPaths.Relative(from, AtlasPaths.LayerPage(layer))}\">{Escape(layer.DisplayName)}</a></td><td>{Shape(layer.Shape)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{(layer.ReceptiveField is { } rf ? $"{rf} px" : "-")}</td><td>{(layer.Stride is { } s ? $"{s} px" : "-")}</td><td>{layer.Health.Channels}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{layer.Health.Dead.Count}</td><td>{layer.Health.Rare.Count}</td><td>{layer.Health.Saturated.Count}</td><td class=\"thumbs\">{thumbs}</td></tr>");
        }

        body.Append("</table>");
        if (atlas.Skipped.Count > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<h2>Skipped images ({atlas.Skipped.Count})</h2><ul>");
            body.Append(string.Concat(atlas.Skipped.Select(s => $"<li>{Escape(s.Path)}: {Escape(s.Reason)}</li>")));
            body.Append("</ul>");
        }

        return Page($"Atlas of {atlas.Model}", body.ToString());
    }

    /// <summary>The unit's maximized image, or its best exemplar when there is none.</summary>
    public static string Thumbnail(AtlasLayer layer, AtlasUnit unit) =>
        unit.Maximized is not null ? AtlasPaths.Maximized(layer, unit.Channel)
        : unit.Top.Count > 0 ? AtlasPaths.Crop(layer, unit.Channel, top: true, 0)
        : AtlasPaths.Kernel(layer, unit.Channel);
}
