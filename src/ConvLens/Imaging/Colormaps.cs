using ConvLens.Imaging.ColormapTables;

namespace ConvLens.Imaging;

/// <summary>
/// The registry of built-in colormaps: matplotlib's perceptually uniform viridis, magma and inferno, plus jet
/// (for familiarity) and gray. Command-line choices and report labels come from <see cref="Ids"/>.
/// </summary>
public static class Colormaps
{
    /// <summary>matplotlib's viridis: dark purple (#440154) to yellow (#FDE725); the default for heatmaps.</summary>
    public static Colormap Viridis { get; } = new("viridis", ViridisTable.Rgb);

    /// <summary>matplotlib's magma: black (#000004) through purple and orange to pale yellow (#FCFDBF).</summary>
    public static Colormap Magma { get; } = new("magma", MagmaTable.Rgb);

    /// <summary>matplotlib's inferno: black (#000004) through purple and orange to light yellow (#FCFFA4).</summary>
    public static Colormap Inferno { get; } = new("inferno", InfernoTable.Rgb);

    /// <summary>matplotlib's jet: dark blue to dark red through cyan and yellow; not perceptually uniform.</summary>
    public static Colormap Jet { get; } = new("jet", JetTable.Rgb);

    /// <summary>Linear gray from black to white.</summary>
    public static Colormap Gray { get; } = new("gray", [0f, 0f, 0f, 1f, 1f, 1f]);

    private static readonly Colormap[] All = [Viridis, Magma, Inferno, Jet, Gray];

    /// <summary>The ids of all built-in colormaps, in display order.</summary>
    public static IReadOnlyList<string> Ids { get; } = Array.AsReadOnly(All.Select(c => c.Id).ToArray());

    /// <summary>Finds a built-in colormap by id (case-insensitive).</summary>
    /// <exception cref="ConvLensException">No colormap has that id; the message lists the valid ids.</exception>
    public static Colormap Get(string id)
    {
        var found = All.FirstOrDefault(c => string.Equals(c.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase));
        return found ?? throw new ConvLensException($"unknown colormap '{id}'; valid colormaps: {string.Join(", ", Ids)}");
    }
}
