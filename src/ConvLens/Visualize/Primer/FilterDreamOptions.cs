using TorchSharp;

namespace ConvLens.Visualize.Primer;

/// <summary>Settings of <see cref="FilterDream.GradientAscentFilter"/>.</summary>
public sealed record FilterDreamOptions
{
    /// <summary>Number of gradient-ascent updates.</summary>
    public int Steps { get; init; } = 100;

    /// <summary>Step size of each update; with <see cref="NormPenalty"/> it must satisfy <c>2 * lr * lambda &lt; 1</c> for a monotone climb.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Lambda in <c>sum(filter * x) - lambda * ||x||^2</c>; larger values give a smaller optimum <c>filter / (2 lambda)</c>.</summary>
    public double NormPenalty { get; init; } = 0.5;

    /// <summary>Seed of the random starting pattern.</summary>
    public long Seed { get; init; }

    /// <summary>Standard deviation of the random starting pattern.</summary>
    public double InitialScale { get; init; } = 0.5;

    /// <summary>Keep a frame every this many steps (step 0 and the last step are always kept).</summary>
    public int FrameInterval { get; init; } = 5;

    /// <summary>Device to run on; CPU when null.</summary>
    public torch.Device? Device { get; init; }
}
