namespace ConvLens.Visualize.Attribution.Perturbation;

/// <summary>How <see cref="Rise"/> turns its random grid into masks.</summary>
public enum RiseMaskShape
{
    /// <summary>The paper's: the grid upsampled bilinearly, shifted by a random offset below one cell and cropped.</summary>
    Smooth,

    /// <summary>Hard cells on a fixed grid (nearest upsampling, no shift): the patches occlusion uses when its window
    /// equals its stride and the cell.</summary>
    Cells,
}
