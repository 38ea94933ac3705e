namespace ConvLens.Visualize.Atlas;

/// <summary>A square of the model's input, in input pixels: where a unit at one grid position looks.</summary>
/// <param name="Left">First column.</param>
/// <param name="Top">First row.</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
public readonly record struct CropBox(int Left, int Top, int Width, int Height)
{
    /// <summary>
    /// The receptive field of the unit at (<paramref name="y"/>, <paramref name="x"/>) of a <paramref name="gridHeight"/> x
    /// <paramref name="gridWidth"/> layer over a <paramref name="inputHeight"/> x <paramref name="inputWidth"/> input: a
    /// <paramref name="field"/>-pixel square centred on the cell's centre, moved (never shrunk) to stay inside the input.
    /// </summary>
    /// <remarks>
    /// The cell centre is <c>(y + 0.5) * H / h - 0.5</c>: exact for stacks of odd 'same'-padded convolutions and
    /// pooling whose windows tile their input (each output row then sits over the middle of the rows it pools).
    /// A field larger than the input gives the whole input.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or the position is outside the grid.</exception>
    public static CropBox Around(int y, int x, int gridHeight, int gridWidth, int inputHeight, int inputWidth, int field)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gridHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(field, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, gridHeight);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, gridWidth);
        var (top, height) = Span(y, gridHeight, inputHeight, field);
        var (left, width) = Span(x, gridWidth, inputWidth, field);
        return new CropBox(left, top, width, height);
    }

    private static (int Start, int Size) Span(int cell, int cells, int pixels, int field)
    {
        var size = Math.Min(field, pixels);
        var centre = ((cell + 0.5) * pixels / cells) - 0.5;
        var start = (int)Math.Floor(centre - ((size - 1) / 2.0) + 0.5); // half up, never to even
        return (Math.Clamp(start, 0, pixels - size), size);
    }
}
