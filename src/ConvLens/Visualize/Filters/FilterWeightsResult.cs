namespace ConvLens.Visualize.Filters;

/// <summary>The kernels of a convolution layer as plain numbers.</summary>
public sealed record FilterWeightsResult
{
    /// <summary>Canonical layer name.</summary>
    public required string Layer { get; init; }

    /// <summary>Alias or canonical name for display.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Output channels (filters) of the layer.</summary>
    public int OutChannels { get; init; }

    /// <summary>Input channels each filter sees (per group).</summary>
    public int InChannels { get; init; }

    /// <summary>Kernel height.</summary>
    public int KernelHeight { get; init; }

    /// <summary>Kernel width.</summary>
    public int KernelWidth { get; init; }

    /// <summary>Largest |weight| over the whole layer: the shared scale of symmetric normalisation.</summary>
    public float MaxAbs { get; init; }

    /// <summary>The first filters of the layer (as many as asked for).</summary>
    public IReadOnlyList<FilterKernel> Filters { get; init; } = [];

    /// <summary>True when the filters see exactly three input channels and can be shown as RGB.</summary>
    public bool IsRgb => InChannels == 3;
}
