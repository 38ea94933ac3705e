namespace ConvLens.Cli.Console;

/// <summary>Turns layer names into file-name-safe stems.</summary>
public static class FileNames
{
    /// <summary>Replaces characters that are unsafe in file names (path separators, colons, spaces) with '_'.</summary>
    public static string Safe(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var invalid = Path.GetInvalidFileNameChars().Concat([':', ' ', '\\', '/']).ToHashSet();
        return new string([.. name.Select(ch => invalid.Contains(ch) ? '_' : ch)]);
    }
}
