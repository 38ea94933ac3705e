using ConvLens.Imaging;
using ConvLens.Visualize.Attribution.Cam;
using ConvLens.Visualize.Attribution.Targets;

namespace ConvLens.Visualize.Attribution;

/// <summary>Options of a <see cref="CamJob"/>: methods, targets, layer, metrics and rendering.</summary>
public sealed record CamJobOptions
{
    /// <summary>Method ids from <see cref="AttributionMethods"/>.</summary>
    public IReadOnlyList<string> Methods { get; init; } = ["grad-cam"];

    /// <summary>Target specs (<see cref="TargetSpec.Syntax"/>).</summary>
    public IReadOnlyList<string> Targets { get; init; } = ["auto"];

    /// <summary>Layer name or alias for CAM methods; null for the default.</summary>
    public string? Layer { get; init; }

    /// <summary>How the layer's output lies on a grid (tokens, [N,H,W,C]); null infers it.</summary>
    public ConvLens.Models.TokenLayout? Layout { get; init; }

    /// <summary>Compute deletion / insertion AUCs with their random baselines (into <see cref="CamJobItem.Metrics"/>).</summary>
    public bool Metrics { get; init; }

    /// <summary>Metric ids from <see cref="Metrics.AttributionMetrics"/> to grade every map with (into <see cref="CamJobItem.Scores"/>).</summary>
    public IReadOnlyList<string> MetricIds { get; init; } = [];

    /// <summary>The object's region for image i and a target, at the model's input size, for the pointing games; null when unknown.</summary>
    public Func<int, ITarget, bool[]?>? Regions { get; init; }

    /// <summary>Colormap id (<see cref="Colormaps.Ids"/>).</summary>
    public string Colormap { get; init; } = "viridis";

    /// <summary>Opacity of the heatmap over the photo (the largest opacity with <see cref="OverlayMode.Weighted"/>).</summary>
    public double Alpha { get; init; } = 0.6;

    /// <summary>How the heatmap is blended: by default only the hot regions are coloured, so the photo stays readable.</summary>
    public OverlayMode Overlay { get; init; } = OverlayMode.Weighted;

    /// <summary>How Score-CAM upsamples its channel masks (the <c>align_corners</c> convention); other methods ignore it.</summary>
    public MaskUpsample MaskUpsample { get; init; } = MaskUpsample.Centers;

    /// <summary>Seed for random choices.</summary>
    public long Seed { get; init; }
}
