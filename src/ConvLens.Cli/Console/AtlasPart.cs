using System.Text.Json;
using ConvLens.Cli.Settings;
using ConvLens.Models;

namespace ConvLens.Cli.Console;

/// <summary>What a shard of <c>convlens atlas</c> records beside its statistics, so <c>atlas merge</c> can finish the site with the same arguments.</summary>
public sealed record AtlasPart(string Model, string Device, ModelEngine Engine, int Seed, string Units, int Top, int Steps, int ImageSize, int Batch)
{
    /// <summary>The file name inside a part folder.</summary>
    public const string FileName = "atlas-part.json";

    /// <summary>The arguments of <paramref name="settings"/>.</summary>
    public static AtlasPart Of(AtlasSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.Model, settings.Device, settings.Engine, settings.Seed, settings.UnitsText, settings.Top, settings.Steps, settings.ImageSize, settings.Batch);
    }

    /// <summary>Reads the part recorded in <paramref name="folder"/>.</summary>
    /// <exception cref="ConvLensException">The folder holds no atlas part.</exception>
    public static AtlasPart Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new ConvLensException($"'{folder}' is not an atlas part: it has no {FileName} (write parts with `convlens atlas MODEL DATASET --shard I/N --out FOLDER`)");
        }

        return JsonSerializer.Deserialize<AtlasPart>(File.ReadAllText(path), CliJson.Options)
            ?? throw new ConvLensException($"'{path}' is empty");
    }
}
