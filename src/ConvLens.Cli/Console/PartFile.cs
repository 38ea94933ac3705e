using System.Text.Json;

namespace ConvLens.Cli.Console;

/// <summary>Reads the record a shard leaves in its folder (the arguments it ran with), shared by every `merge` command.</summary>
internal static class PartFile
{
    /// <summary>The one record every folder of <paramref name="folders"/> holds: they must all have been run with the same arguments.</summary>
    /// <exception cref="ConvLensException">No folder, a folder that is not a part, or parts of different arguments.</exception>
    public static T ReadSame<T>(IReadOnlyList<string> folders, string fileName, string kind, string howToWrite)
    {
        ArgumentNullException.ThrowIfNull(folders);
        if (folders.Count == 0)
        {
            throw new ConvLensException($"give the folders of the parts to merge (write parts with `{howToWrite}`)");
        }

        var parts = folders.Select(f => Read<T>(f, fileName, kind, howToWrite)).ToList();
        var odd = parts.FindIndex(p => !EqualityComparer<T>.Default.Equals(p, parts[0]));
        return odd < 0
            ? parts[0]
            : throw new ConvLensException($"{kind} '{folders[odd]}' was run with other arguments than '{folders[0]}'; merge parts of one run");
    }

    /// <summary>The record <paramref name="fileName"/> in <paramref name="folder"/>.</summary>
    /// <param name="folder">A part folder.</param>
    /// <param name="fileName">The record's file name.</param>
    /// <param name="kind">What a part is called in messages ("an atlas part").</param>
    /// <param name="howToWrite">The command line that writes such parts, for the message.</param>
    /// <exception cref="ConvLensException">The folder holds no such record, or the record does not parse.</exception>
    public static T Read<T>(string folder, string fileName, string kind, string howToWrite)
    {
        var path = Path.Combine(folder, fileName);
        if (!File.Exists(path))
        {
            throw new ConvLensException($"'{folder}' is not {kind}: it has no {fileName} (write parts with `{howToWrite}`)");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), CliJson.Options)
                ?? throw new ConvLensException($"'{path}' is empty");
        }
        catch (JsonException e)
        {
            throw new ConvLensException($"'{path}' is not {kind} record: {e.Message}", e);
        }
    }
}
