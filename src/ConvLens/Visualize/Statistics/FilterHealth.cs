namespace ConvLens.Visualize.Statistics;

/// <summary>The verdicts of <see cref="DeadFilterDetector"/> for one layer: channel indices, ascending.</summary>
public sealed record FilterHealth
{
    /// <summary>Number of channels examined.</summary>
    public int Channels { get; init; }

    /// <summary>Channels that never fired on any image.</summary>
    public IReadOnlyList<int> Dead { get; init; } = [];

    /// <summary>Channels that fired, but on fewer than <see cref="DeadFilterOptions.RarePercent"/> % of images.</summary>
    public IReadOnlyList<int> Rare { get; init; } = [];

    /// <summary>Channels positive almost everywhere (the ReLU never clips them).</summary>
    public IReadOnlyList<int> Saturated { get; init; } = [];

    /// <summary>Channels whose convolution kernel has a near-zero L2 norm (weight-based hint; empty without weights).</summary>
    public IReadOnlyList<int> NearZeroKernel { get; init; } = [];

    /// <summary>Channels whose BatchNorm γ is near zero (weight-based hint; empty without a BatchNorm).</summary>
    public IReadOnlyList<int> NearZeroGamma { get; init; } = [];

    /// <summary>One line such as "3 dead of 512: 17, 201, 388".</summary>
    public string DeadSummary() =>
        Dead.Count == 0 ? $"0 dead of {Channels}" : $"{Dead.Count} dead of {Channels}: {string.Join(", ", Dead)}";
}
