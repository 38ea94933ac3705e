using ConvLens.Cli.Settings;
using ConvLens.Models;

namespace ConvLens.Cli.Console;

/// <summary>What a shard of <c>convlens atlas</c> records beside its statistics, so <c>atlas merge</c> can finish the site with the same arguments.</summary>
public sealed record AtlasPart(string Model, string Device, ModelEngine Engine, int Seed, string Units, int Top, int Steps, int ImageSize, int Batch)
{
    /// <summary>The file name inside a part folder.</summary>
    public const string FileName = "atlas-part.json";

    private const string Kind = "an atlas part";

    private const string HowToWrite = "convlens atlas MODEL DATASET --shard I/N --out FOLDER";

    /// <summary>The arguments of <paramref name="settings"/>.</summary>
    public static AtlasPart Of(AtlasSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.Model, settings.Device, settings.Engine, settings.Seed, settings.UnitsText, settings.Top, settings.Steps, settings.ImageSize, settings.Batch);
    }

    /// <summary>The one part recorded in all of <paramref name="folders"/>.</summary>
    /// <exception cref="ConvLensException">A folder holds no atlas part, or the parts were run with different arguments.</exception>
    public static AtlasPart ReadSame(IReadOnlyList<string> folders) => PartFile.ReadSame<AtlasPart>(folders, FileName, Kind, HowToWrite);
}
