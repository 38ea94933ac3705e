namespace ConvLens.Visualize.Filters;

/// <summary>One output filter of a convolution: its weights and norms.</summary>
public sealed record FilterKernel
{
    /// <summary>Output channel index.</summary>
    public int Index { get; init; }

    /// <summary>Weights, [in, kh, kw] row-major.</summary>
    public required float[] Weights { get; init; }

    /// <summary>L2 norm of the whole kernel.</summary>
    public double Norm { get; init; }

    /// <summary>L2 norm of the kernel slice for each input channel.</summary>
    public required double[] InputNorms { get; init; }
}
