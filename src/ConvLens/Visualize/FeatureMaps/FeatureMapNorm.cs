namespace ConvLens.Visualize.FeatureMaps;

/// <summary>How feature-map tiles are scaled to colours.</summary>
public enum FeatureMapNorm
{
    /// <summary>Each tile from its own min to its own max: shows the pattern of weak channels too.</summary>
    Channel,

    /// <summary>All tiles from the layer's min to its max: tiles are comparable, weak channels look dark.</summary>
    Layer,
}
