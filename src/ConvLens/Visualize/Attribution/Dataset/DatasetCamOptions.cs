using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Metrics;
using ConvLens.Visualize.Attribution.Targets;
using ConvLens.Visualize.Statistics;

namespace ConvLens.Visualize.Attribution.Dataset;

/// <summary>Settings of <see cref="DatasetCam.Run"/>.</summary>
public sealed record DatasetCamOptions
{
    /// <summary>Method ids from <see cref="AttributionMethods"/>.</summary>
    public IReadOnlyList<string> Methods { get; init; } = ["grad-cam"];

    /// <summary>The targets; every image gets one map per method and target.</summary>
    public IReadOnlyList<ITarget> Targets { get; init; } = [new TopClass()];

    /// <summary>Layer for CAM methods; null for the default.</summary>
    public string? Layer { get; init; }

    /// <summary>Metric ids from <see cref="Metrics.AttributionMetrics"/> computed for every image (the pointing games only with <see cref="Boxes"/>).</summary>
    public IReadOnlyList<string> MetricIds { get; init; } = [];

    /// <summary>Object boxes or masks for the pointing games, looked up by image path and target; null skips those metrics.</summary>
    public GroundTruthBoxes? Boxes { get; init; }

    /// <summary>Images per batch. Default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>The slice of the dataset. Default: all of it.</summary>
    public Shard Shard { get; init; } = Shard.Whole;

    /// <summary>Score-CAM's mask convention.</summary>
    public MaskUpsample MaskUpsample { get; init; } = MaskUpsample.Centers;

    /// <summary>Seed of every random choice.</summary>
    public long Seed { get; init; }

    /// <summary>Threads that decode images while the model runs. Default: half the cores, at least 1.</summary>
    public int DecodeThreads { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Decoded batches kept ready ahead (bounds memory). Default 2.</summary>
    public int PrefetchBatches { get; init; } = 2;
}
