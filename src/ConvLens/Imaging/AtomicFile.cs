namespace ConvLens.Imaging;

/// <summary>
/// Writes output files atomically: data goes to a temporary file in the target folder, which is then moved over
/// the target, so a failed run never leaves a half-written output behind. This is the only way outputs are written.
/// </summary>
public static class AtomicFile
{
    /// <summary>Creates the folder if needed and atomically replaces the file at <paramref name="path"/> with the bytes.</summary>
    /// <exception cref="ConvLensException">The file or its folder cannot be written; nothing is left behind.</exception>
    public static void WriteAllBytes(string path, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Write(path, temp => File.WriteAllBytes(temp, data));
    }

    /// <summary>Creates the folder if needed and atomically replaces the file at <paramref name="path"/> with UTF-8 text.</summary>
    /// <exception cref="ConvLensException">The file or its folder cannot be written; nothing is left behind.</exception>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, temp => File.WriteAllText(temp, text));
    }

    private static void Write(string path, Action<string> writeTemp)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath) ?? throw new ConvLensException($"cannot write '{path}': it has no parent folder");

        // The temp file sits in the target's folder so that the final move is a rename on one file system.
        var temp = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            writeTemp(temp);
            File.Move(temp, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            TryDelete(temp);
            throw new ConvLensException($"cannot write '{path}': {e.Message}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original failure is the one worth reporting.
        }
    }
}
