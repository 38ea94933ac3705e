using System.Collections.Concurrent;
using System.Security.Cryptography;
using ConvLens.Imaging;
using ConvLens.Web.Http;
using Microsoft.Extensions.Options;

namespace ConvLens.Web.Images;

/// <summary>
/// Uploaded photos (checked for size, pixel count and readability before they are kept) and the shipped samples. Each
/// upload is a file in the server's images folder under a random id; the oldest uploads go first when the store is full.
/// </summary>
internal sealed class ImageStore
{
    private static readonly Dictionary<string, string> s_types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".webp"] = "image/webp", [".bmp"] = "image/bmp",
    };

    private readonly ServeOptions _options;
    private readonly string _folder;
    private readonly ConcurrentDictionary<string, StoredImage> _uploads = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly IReadOnlyDictionary<string, StoredImage> _samples;

    public ImageStore(IOptions<ServeOptions> options, ExplorerFolders folders)
    {
        _options = options.Value;
        _folder = folders.Images;
        _samples = LoadSamples(Path.Combine(AppContext.BaseDirectory, "samples"));
    }

    /// <summary>Samples first (by name), then uploads (oldest first).</summary>
    public IReadOnlyList<StoredImage> List() =>
        [.. _samples.Values.OrderBy(s => s.Name, StringComparer.Ordinal), .. _order.Where(_uploads.ContainsKey).Select(id => _uploads[id])];

    /// <summary>The image with <paramref name="id"/>.</summary>
    /// <exception cref="ApiException">No such image (404).</exception>
    public StoredImage Get(string id) =>
        id is not null && (_samples.TryGetValue(id, out var image) || _uploads.TryGetValue(id, out image))
            ? image
            : throw new ApiException(StatusCodes.Status404NotFound, $"unknown image '{id}'; upload one with POST /api/images or pick a sample (GET /api/images)");

    /// <summary>Decodes the image with <paramref name="id"/> (upright RGB).</summary>
    public RgbImage Load(string id) => ImageDecoder.Load(Get(id).Path);

    /// <summary>Checks and keeps an uploaded file.</summary>
    /// <exception cref="ApiException">Too many pixels (413).</exception>
    /// <exception cref="ConvLensException">Not a supported image, or corrupt (400).</exception>
    public StoredImage Save(byte[] data, string fileName)
    {
        ArgumentNullException.ThrowIfNull(data);
        var name = System.IO.Path.GetFileName(fileName ?? "upload");
        var (width, height) = ImageDecoder.ReadSize(data, name);
        if ((long)width * height > _options.MaxUploadPixels)
        {
            throw new ApiException(
                StatusCodes.Status413PayloadTooLarge,
                $"image '{name}' is {width}x{height} = {(long)width * height:N0} pixels; this server accepts at most {_options.MaxUploadPixels:N0}");
        }

        // A full decode proves the file is readable now, not when a job first opens it.
        var decoded = ImageDecoder.Decode(data, name);
        var extension = System.IO.Path.GetExtension(name).ToLowerInvariant();
        var type = s_types.GetValueOrDefault(extension, "application/octet-stream");
        var id = "u" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var path = System.IO.Path.Combine(_folder, id + (s_types.ContainsKey(extension) ? extension : ".img"));
        AtomicFile.WriteAllBytes(path, data);
        var image = new StoredImage(id, name, decoded.Width, decoded.Height, path, type, Sample: false);
        _uploads[id] = image;
        _order.Enqueue(id);
        while (_uploads.Count > _options.MaxStoredImages && _order.TryDequeue(out var oldest))
        {
            if (_uploads.TryRemove(oldest, out var gone))
            {
                File.Delete(gone.Path);
            }
        }

        return image;
    }

    private static Dictionary<string, StoredImage> LoadSamples(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var samples = new Dictionary<string, StoredImage>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => s_types.ContainsKey(System.IO.Path.GetExtension(f))).Order(StringComparer.Ordinal))
        {
            var data = File.ReadAllBytes(file);
            var (width, height) = ImageDecoder.ReadSize(data, file);
            var id = "sample-" + System.IO.Path.GetFileNameWithoutExtension(file).ToLowerInvariant();
            samples[id] = new StoredImage(id, System.IO.Path.GetFileName(file), width, height, file, s_types[System.IO.Path.GetExtension(file)], Sample: true);
        }

        return samples;
    }
}
