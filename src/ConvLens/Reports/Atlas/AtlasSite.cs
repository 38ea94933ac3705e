using System.Text;
using ConvLens.Imaging;
using ConvLens.Visualize.Atlas;

namespace ConvLens.Reports.Atlas;

/// <summary>
/// Renders an atlas as a static site that opens from disk: an index, a page per layer and per unit, the images and
/// a JSON manifest. Nothing is loaded from a server or CDN. Returns the files in memory; the caller writes them.
/// </summary>
public static class AtlasSite
{
    /// <summary>Every file of the site, by path relative to its root (forward slashes), in a stable order.</summary>
    /// <param name="atlas">The content from <see cref="AtlasBuilder"/>.</param>
    /// <param name="cancellationToken">Checked between pages.</param>
    public static IReadOnlyList<(string Path, byte[] Data)> Render(AtlasContent atlas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(atlas);
        var files = new List<(string, byte[])>
        {
            (AtlasPaths.Index, Text(AtlasIndexPage.Render(atlas))),
            (AtlasPaths.Manifest, Text(AtlasManifest.Serialize(atlas))),
        };
        foreach (var image in atlas.Images.Values)
        {
            files.Add((AtlasPaths.Image(image.Index), ImageEncoder.EncodePng(image.Image)));
        }

        foreach (var layer in atlas.Layers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            files.Add((AtlasPaths.LayerPage(layer), Text(AtlasLayerPage.Render(atlas, layer))));
            for (var i = 0; i < layer.Units.Count; i++)
            {
                var unit = layer.Units[i];
                files.Add((AtlasPaths.UnitPage(layer, unit.Channel), Text(AtlasUnitPage.Render(atlas, layer, i))));
                if (unit.Maximized is not null)
                {
                    files.Add((AtlasPaths.Maximized(layer, unit.Channel), ImageEncoder.EncodePng(unit.Maximized)));
                }

                if (unit.Kernel is not null)
                {
                    files.Add((AtlasPaths.Kernel(layer, unit.Channel), ImageEncoder.EncodePng(unit.Kernel)));
                }

                files.AddRange(unit.Top.Select((e, rank) => (AtlasPaths.Crop(layer, unit.Channel, true, rank), ImageEncoder.EncodePng(e.Crop))));
                files.AddRange(unit.Bottom.Select((e, rank) => (AtlasPaths.Crop(layer, unit.Channel, false, rank), ImageEncoder.EncodePng(e.Crop))));
            }
        }

        return files;
    }

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);
}
