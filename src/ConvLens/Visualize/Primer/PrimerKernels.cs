namespace ConvLens.Visualize.Primer;

/// <summary>The classic hand-made kernels the primer shows: edges, Sobel, blur, sharpen, identity.</summary>
public static class PrimerKernels
{
    /// <summary>Copies the image unchanged (cropped by the valid border).</summary>
    public static PrimerKernel Identity { get; } = new("identity", new float[,] { { 0, 0, 0 }, { 0, 1, 0 }, { 0, 0, 0 } });

    /// <summary>Responds to bright-left / dark-right vertical edges (the 6x6 example's kernel).</summary>
    public static PrimerKernel VerticalEdge { get; } = new("vertical edge", new float[,] { { 1, 0, -1 }, { 1, 0, -1 }, { 1, 0, -1 } });

    /// <summary>Responds to bright-top / dark-bottom horizontal edges.</summary>
    public static PrimerKernel HorizontalEdge { get; } = new("horizontal edge", new float[,] { { 1, 1, 1 }, { 0, 0, 0 }, { -1, -1, -1 } });

    /// <summary>Sobel's horizontal-gradient kernel (finds vertical edges, centre row weighted double).</summary>
    public static PrimerKernel SobelX { get; } = new("sobel x", new float[,] { { -1, 0, 1 }, { -2, 0, 2 }, { -1, 0, 1 } });

    /// <summary>Sobel's vertical-gradient kernel (finds horizontal edges).</summary>
    public static PrimerKernel SobelY { get; } = new("sobel y", new float[,] { { -1, -2, -1 }, { 0, 0, 0 }, { 1, 2, 1 } });

    /// <summary>3x3 box blur: the mean of the neighbourhood.</summary>
    public static PrimerKernel Blur { get; } = new("blur", new float[,] { { 1 / 9f, 1 / 9f, 1 / 9f }, { 1 / 9f, 1 / 9f, 1 / 9f }, { 1 / 9f, 1 / 9f, 1 / 9f } });

    /// <summary>Sharpen: the centre minus its four neighbours, plus the centre.</summary>
    public static PrimerKernel Sharpen { get; } = new("sharpen", new float[,] { { 0, -1, 0 }, { -1, 5, -1 }, { 0, -1, 0 } });

    /// <summary>Laplacian: responds to blobs and thin lines in any direction.</summary>
    public static PrimerKernel Laplacian { get; } = new("laplacian", new float[,] { { 0, 1, 0 }, { 1, -4, 1 }, { 0, 1, 0 } });

    /// <summary>A 5x5 diagonal-edge detector (positive above the diagonal, negative below): the filter the primer dreams.</summary>
    public static PrimerKernel DiagonalEdge5x5 { get; } = new("diagonal edge 5x5", DiagonalEdge(5));

    /// <summary>The 3x3 kernels shown in the feature-map grid, in display order.</summary>
    public static IReadOnlyList<PrimerKernel> All { get; } =
        [Identity, VerticalEdge, HorizontalEdge, SobelX, SobelY, Blur, Sharpen, Laplacian];

    private static float[,] DiagonalEdge(int size)
    {
        var weights = new float[size, size];
        for (var r = 0; r < size; r++)
        {
            for (var c = 0; c < size; c++)
            {
                weights[r, c] = Math.Sign(c - r);
            }
        }

        return weights;
    }
}
