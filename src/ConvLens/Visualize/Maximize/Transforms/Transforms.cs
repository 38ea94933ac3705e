namespace ConvLens.Visualize.Maximize;

/// <summary>Ready-made transform lists.</summary>
public static class Transforms
{
    /// <summary>
    /// lucid/lucent's standard set: pad 12 (grey), jitter 8, scale 0.9-1.1, rotate -10..10 degrees (0 five times more
    /// often), jitter 4.
    /// </summary>
    public static IReadOnlyList<IImageTransform> Standard { get; } =
    [
        new Pad(12),
        new Jitter(8),
        new RandomScale(Enumerable.Range(0, 11).Select(i => 1 + ((i - 5) / 50.0))),
        new RandomRotate(Enumerable.Range(-10, 21).Select(d => (double)d).Concat(Enumerable.Repeat(0.0, 5))),
        new Jitter(4),
    ];

    /// <summary>No transforms (naive gradient ascent).</summary>
    public static IReadOnlyList<IImageTransform> None { get; } = [];

    /// <summary>The list <paramref name="set"/> names.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined <see cref="TransformSet"/>.</exception>
    public static IReadOnlyList<IImageTransform> Of(TransformSet set) => set switch
    {
        TransformSet.Standard => Standard,
        TransformSet.None => None,
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "not a defined transform set"),
    };
}
