using System.Text.Json;
using ConvLens.Imaging;

namespace ConvLens.Cli.Console;

/// <summary>A command's output folder: every file goes through a temp file and a move, so none is ever half-written.</summary>
public sealed class OutputFolder
{
    private readonly List<string> _written = [];

    /// <summary>Creates (if needed) the folder at <paramref name="path"/>.</summary>
    public OutputFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConvLensException($"cannot create output folder '{Path}': {e.Message}", e);
        }
    }

    /// <summary>The absolute folder path.</summary>
    public string Path { get; }

    /// <summary>Files written so far, as absolute paths.</summary>
    public IReadOnlyList<string> Written => _written;

    /// <summary>Writes raw bytes to <paramref name="name"/> (relative to the folder) and returns the full path.</summary>
    public string WriteBytes(string name, byte[] data)
    {
        var full = System.IO.Path.Combine(Path, name);
        AtomicFile.WriteAllBytes(full, data);
        _written.Add(full);
        return full;
    }

    /// <summary>Writes text.</summary>
    public string WriteText(string name, string text) => WriteBytes(name, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Writes a PNG.</summary>
    public string WritePng(string name, RgbImage image) => WriteBytes(name, ImageEncoder.EncodePng(image));

    /// <summary>Writes an animated GIF.</summary>
    public string WriteGif(string name, IReadOnlyList<RgbImage> frames, int delayMs) => WriteBytes(name, ImageEncoder.EncodeGif(frames, delayMs));

    /// <summary>Writes an object as indented camelCase JSON.</summary>
    public string WriteJson<T>(string name, T value) => WriteText(name, JsonSerializer.Serialize(value, CliJson.Options));
}
