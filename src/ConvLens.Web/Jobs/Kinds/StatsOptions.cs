namespace ConvLens.Web.Jobs.Kinds;

/// <summary>Options of a stats job, named as <c>convlens stats</c>'s.</summary>
internal sealed class StatsOptions
{
    /// <summary>Layers to measure; <c>--layer</c>.</summary>
    public string[] Layers { get; set; } = [];

    /// <summary>Images per batch; <c>--batch</c>.</summary>
    public int Batch { get; set; } = 16;

    /// <summary>Fixed histogram range MIN:MAX (otherwise found on a sample); <c>--range</c>.</summary>
    public string? Range { get; set; }

    /// <summary>Histogram bins; <c>--bins</c>.</summary>
    public int Bins { get; set; } = 64;

    /// <summary>A channel active on fewer than this percent of images is rare; <c>--rare</c>.</summary>
    public double Rare { get; set; } = 1.0;
}
