namespace ConvLens.Web.Jobs.Kinds;

/// <summary>Options of a filters job, named as <c>convlens filters</c>'s.</summary>
internal sealed class FiltersOptions
{
    /// <summary>The convolution's output layer; <c>--layer</c>.</summary>
    public string? Layer { get; set; }

    /// <summary>Filters drawn; <c>--count</c>.</summary>
    public int Count { get; set; } = 64;

    /// <summary>Input channels drawn per filter of a deep layer; <c>--inputs</c>.</summary>
    public int Inputs { get; set; } = 16;

    /// <summary>Colormap of the norm strip; <c>--colormap</c>.</summary>
    public string Colormap { get; set; } = "viridis";
}
