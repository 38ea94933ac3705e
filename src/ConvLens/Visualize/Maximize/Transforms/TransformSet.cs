namespace ConvLens.Visualize.Maximize;

/// <summary>The ready-made transform lists of <see cref="Transforms"/>, by name.</summary>
public enum TransformSet
{
    /// <summary><see cref="Transforms.Standard"/>: lucid/lucent's transformation robustness.</summary>
    Standard,

    /// <summary><see cref="Transforms.None"/>: naive gradient ascent.</summary>
    None,
}
