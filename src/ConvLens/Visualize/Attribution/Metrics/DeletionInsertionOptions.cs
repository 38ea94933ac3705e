namespace ConvLens.Visualize.Attribution.Metrics;

/// <summary>Settings of the deletion / insertion protocol (RISE).</summary>
public sealed record DeletionInsertionOptions
{
    /// <summary>Steps from 0 to all pixels; each step removes (or inserts) 1/Steps of the pixels.</summary>
    public int Steps { get; init; } = 32;

    /// <summary>The pixel value deleted pixels take (RISE: 0, a black substrate).</summary>
    public float DeletionFill { get; init; }

    /// <summary>Standard deviation in pixels of the Gaussian blur insertion starts from (RISE blurs heavily).</summary>
    public float InsertionBlurSigma { get; init; } = 5f;

    /// <summary>Perturbed images per forward pass.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Seed of the random-order baseline.</summary>
    public long Seed { get; init; }
}
