namespace ConvLens.Imaging;

/// <summary>How a heatmap is blended over a photo.</summary>
public enum OverlayMode
{
    /// <summary>The same opacity everywhere: the whole photo is tinted by the colormap.</summary>
    Uniform,

    /// <summary>Opacity weighted by the heat: cold regions show the photo as it is, hot regions the colour.</summary>
    Weighted,
}
