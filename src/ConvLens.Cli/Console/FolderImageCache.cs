using ConvLens.Imaging;
using ConvLens.Visualize.Atlas;

namespace ConvLens.Cli.Console;

/// <summary>Unit images kept as PNG files named by their content key; each written atomically as soon as it is finished.</summary>
public sealed class FolderImageCache(string folder) : IAtlasImageCache
{
    /// <summary>The cache folder.</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>Images found in the cache so far.</summary>
    public int Hits { get; private set; }

    public RgbImage? Find(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return null;
        }

        Hits++;
        return ImageDecoder.Load(path);
    }

    public void Store(string key, RgbImage image)
    {
        Directory.CreateDirectory(Folder);
        AtomicFile.WriteAllBytes(PathOf(key), ImageEncoder.EncodePng(image));
    }

    private string PathOf(string key) => Path.Combine(Folder, key + ".png");
}
