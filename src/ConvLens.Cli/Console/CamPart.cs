using ConvLens.Cli.Settings;
using ConvLens.Models;
using ConvLens.Visualize.Attribution.Cam;

namespace ConvLens.Cli.Console;

/// <summary>
/// What a shard of <c>convlens cam MODEL DATASET</c> records beside its state (<c>cam-state.json</c>), so <c>cam merge</c>
/// can check that the parts belong to one run and write what that run would have written.
/// </summary>
public sealed record CamPart(
    string Model, string Device, ModelEngine Engine, string? Labels, int Seed, string Method, string Smooth, string Target, string? Layer, string? Tokens, string Layout,
    string Metrics, string? Boxes, int Batch, MaskUpsample MaskUpsample, bool Aggregate, bool Npy, string Colormap)
{
    /// <summary>The file name of the arguments inside a part folder.</summary>
    public const string FileName = "cam-part.json";

    /// <summary>The file name of the mergeable result inside a part folder.</summary>
    public const string StateFileName = "cam-state.json";

    private const string Kind = "a cam part";

    private const string HowToWrite = "convlens cam MODEL DATASET --shard I/N --out FOLDER";

    /// <summary>The arguments of <paramref name="settings"/>.</summary>
    public static CamPart Of(CamSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(
            settings.Model, settings.Device, settings.Engine, settings.Labels, settings.Seed, string.Join(",", settings.MethodIds), settings.Smooth, string.Join(",", settings.TargetSpecs),
            settings.Layer, settings.Tokens, settings.Layout, string.Join(",", settings.MetricIds), settings.Boxes, settings.Batch, settings.MaskUpsample, settings.Aggregate, settings.Npy, settings.Colormap);
    }

    /// <summary>The one part recorded in all of <paramref name="folders"/>.</summary>
    /// <exception cref="ConvLensException">A folder holds no cam part, or the parts were run with different arguments.</exception>
    public static CamPart ReadSame(IReadOnlyList<string> folders) => PartFile.ReadSame<CamPart>(folders, FileName, Kind, HowToWrite);
}
