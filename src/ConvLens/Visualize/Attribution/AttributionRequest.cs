using ConvLens.Visualize.Attribution.Targets;

namespace ConvLens.Visualize.Attribution;

/// <summary>What to explain: the layer (for CAMs), the targets, batching, seed, progress and cancellation.</summary>
public sealed record AttributionRequest
{
    /// <summary>Layer name or alias for CAM methods; null picks the last spatial layer before pooling.</summary>
    public string? Layer { get; init; }

    /// <summary>How the CAM layer's output lies on a grid (tokens, [N,H,W,C]); null infers it from the shape and the input size.</summary>
    public ConvLens.Models.TokenLayout? Layout { get; init; }

    /// <summary>The scalars to explain; every target gets its own map per image. Default: the top class.</summary>
    public IReadOnlyList<ITarget> Targets { get; init; } = [new TopClass()];

    /// <summary>Images (or masked / perturbed copies) sent through the network at once.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Seed for every random choice (noise, random baselines); same seed, same maps.</summary>
    public long Seed { get; init; }

    /// <summary>Receives the number of images finished so far.</summary>
    public IProgress<int>? Progress { get; init; }

    /// <summary>Stops the work between batches.</summary>
    public CancellationToken CancellationToken { get; init; }
}
