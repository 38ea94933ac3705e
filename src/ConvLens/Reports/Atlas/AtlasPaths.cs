using System.Globalization;
using ConvLens.Visualize.Atlas;

namespace ConvLens.Reports.Atlas;

/// <summary>Where everything of an atlas site lives, relative to its root: stable names that links and tools can rely on.</summary>
public static class AtlasPaths
{
    /// <summary>The front page.</summary>
    public const string Index = "index.html";

    /// <summary>The machine-readable description of the whole site.</summary>
    public const string Manifest = "atlas.json";

    /// <summary>The folder of a layer: <c>layers/&lt;layer&gt;</c>, the display name with unsafe characters as '_'.</summary>
    public static string Layer(AtlasLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return "layers/" + Safe(layer.DisplayName);
    }

    /// <summary>A layer's page.</summary>
    public static string LayerPage(AtlasLayer layer) => Layer(layer) + "/index.html";

    /// <summary>A unit's page: <c>layers/&lt;layer&gt;/units/&lt;n&gt;.html</c>.</summary>
    public static string UnitPage(AtlasLayer layer, int channel) => Invariant($"{Layer(layer)}/units/{channel}.html");

    /// <summary>A unit's maximized image.</summary>
    public static string Maximized(AtlasLayer layer, int channel) => Invariant($"{Layer(layer)}/img/{channel}-max.png");

    /// <summary>A unit's kernel view.</summary>
    public static string Kernel(AtlasLayer layer, int channel) => Invariant($"{Layer(layer)}/img/{channel}-kernel.png");

    /// <summary>The crop of a unit's exemplar of the given rank (top or bottom list).</summary>
    public static string Crop(AtlasLayer layer, int channel, bool top, int rank) => Invariant($"{Layer(layer)}/img/{channel}-{(top ? "top" : "bottom")}{rank}.png");

    /// <summary>A dataset image, as the model saw it.</summary>
    public static string Image(long index) => Invariant($"images/{index}.png");

    /// <summary><paramref name="target"/> as a link from the page at <paramref name="from"/> (both relative to the root).</summary>
    public static string Relative(string from, string target)
    {
        ArgumentNullException.ThrowIfNull(from);
        var depth = from.Count(c => c == '/');
        return string.Concat(Enumerable.Repeat("../", depth)) + target;
    }

    private static string Safe(string name)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat([':', ' ', '\\', '/', '#', '?', '%', '&']).ToHashSet();
        return new string([.. name.Select(ch => invalid.Contains(ch) ? '_' : ch)]);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
