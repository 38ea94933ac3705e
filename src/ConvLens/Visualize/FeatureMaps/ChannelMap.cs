namespace ConvLens.Visualize.FeatureMaps;

/// <summary>The activation map of one channel for one image, with its summary numbers.</summary>
public sealed record ChannelMap
{
    /// <summary>Channel index in the layer.</summary>
    public int Channel { get; init; }

    /// <summary>Row-major values, <c>Height × Width</c>.</summary>
    public required float[] Values { get; init; }

    /// <summary>Mean activation.</summary>
    public double Mean { get; init; }

    /// <summary>Largest activation.</summary>
    public float Max { get; init; }

    /// <summary>Smallest activation.</summary>
    public float Min { get; init; }

    /// <summary>Fraction of positions above zero.</summary>
    public double FractionActive { get; init; }
}
