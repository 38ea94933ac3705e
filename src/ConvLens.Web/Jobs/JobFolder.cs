using System.Text.Json;
using ConvLens.Imaging;
using ConvLens.Web.Http;

namespace ConvLens.Web.Jobs;

/// <summary>Writes a job's files into its own folder (temp file, then move) and lists them on the job.</summary>
internal sealed class JobFolder(Job job)
{
    private static readonly Dictionary<string, string> s_types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png", [".gif"] = "image/gif", [".json"] = "application/json", [".csv"] = "text/csv",
    };

    /// <summary>The media type served for <paramref name="name"/>.</summary>
    public static string ContentType(string name) => s_types.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");

    /// <summary>A file name made of letters, digits, '.', '-', '_' and '+' only (layer names contain '/' and ':').</summary>
    public static string Safe(string text) =>
        new([.. (text ?? string.Empty).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+' ? c : '_')]);

    /// <summary>Writes bytes and returns the file's name.</summary>
    public string Write(string name, byte[] data)
    {
        var safe = Safe(name);
        Directory.CreateDirectory(job.Folder);
        AtomicFile.WriteAllBytes(Path.Combine(job.Folder, safe), data);
        job.AddFile(new JobFile(safe, $"{job.Url}/files/{Uri.EscapeDataString(safe)}", ContentType(safe), data.LongLength));
        return safe;
    }

    public string WritePng(string name, RgbImage image) => Write(name, ImageEncoder.EncodePng(image));

    public string WriteText(string name, string text) => Write(name, System.Text.Encoding.UTF8.GetBytes(text));

    public string WriteJson<T>(string name, T value) => Write(name, JsonSerializer.SerializeToUtf8Bytes(value, ExplorerJson.Options));
}
