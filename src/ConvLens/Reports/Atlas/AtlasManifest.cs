using System.Text.Json;
using System.Text.Json.Serialization;
using ConvLens.Visualize.Atlas;

namespace ConvLens.Reports.Atlas;

/// <summary>The atlas as JSON for tools: every layer and unit with its page, images, statistics and exemplars.</summary>
internal static class AtlasManifest
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(AtlasContent atlas) => JsonSerializer.Serialize(
        new
        {
            atlas.Model,
            atlas.Dataset,
            atlas.ImagesProcessed,
            Input = new { atlas.Input.Height, atlas.Input.Width },
            atlas.Maximization,
            Layers = atlas.Layers.Select(l => new
            {
                l.Layer,
                l.DisplayName,
                l.Shape,
                l.ReceptiveField,
                l.Stride,
                Page = AtlasPaths.LayerPage(l),
                l.Health.Dead,
                l.Health.Rare,
                l.Health.Saturated,
                Histogram = new { l.Histogram.Min, l.Histogram.Max, l.Histogram.Bins },
                Units = l.Units.Select(u => new
                {
                    u.Channel,
                    Page = AtlasPaths.UnitPage(l, u.Channel),
                    u.Verdict,
                    u.Statistics.Mean,
                    u.Statistics.Std,
                    u.Statistics.Max,
                    FractionActive = u.Statistics.FractionPositive,
                    u.Statistics.FractionImagesActive,
                    u.Statistics.Histogram,
                    Maximized = u.Maximized is null ? null : AtlasPaths.Maximized(l, u.Channel),
                    Kernel = u.Kernel is null ? null : AtlasPaths.Kernel(l, u.Channel),
                    Top = Exemplars(atlas, l, u, top: true),
                    Bottom = Exemplars(atlas, l, u, top: false),
                }),
            }),
            Images = atlas.Images.Values.Select(i => new { i.Index, i.File, Path = AtlasPaths.Image(i.Index) }),
            atlas.Skipped,
        },
        Options);

    private static IEnumerable<object> Exemplars(AtlasContent atlas, AtlasLayer layer, AtlasUnit unit, bool top) =>
        (top ? unit.Top : unit.Bottom).Select((e, rank) => new
        {
            e.Exemplar.Score,
            e.Exemplar.Image,
            File = atlas.Images.TryGetValue(e.Exemplar.Image, out var s) ? s.File : null,
            e.Exemplar.Y,
            e.Exemplar.X,
            Box = new { e.Box.Left, e.Box.Top, e.Box.Width, e.Box.Height },
            Crop = AtlasPaths.Crop(layer, unit.Channel, top, rank),
        });
}
