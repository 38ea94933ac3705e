namespace ConvLens.Visualize.Statistics;

/// <summary>An ordered list of image files: a folder searched recursively, or a text file listing paths.</summary>
public sealed class DatasetSource
{
    /// <summary>File extensions treated as images (lower case, with the dot).</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".jpg", ".jpeg", ".png", ".webp", ".bmp"];

    private DatasetSource(string description, IReadOnlyList<string> images, IReadOnlyList<SkippedFile> ignored)
    {
        Description = description;
        Images = images;
        Ignored = ignored;
    }

    /// <summary>What the dataset is (the folder or list file as given).</summary>
    public string Description { get; }

    /// <summary>Image paths in a deterministic order (ordinal by path for folders, file order for lists).</summary>
    public IReadOnlyList<string> Images { get; }

    /// <summary>Files in the folder that are not images by extension.</summary>
    public IReadOnlyList<SkippedFile> Ignored { get; }

    /// <summary>Opens a folder (recursive; .jpg .jpeg .png .webp .bmp) or a text file with one path per line.</summary>
    /// <remarks>In a list, blank lines and lines starting with '#' are ignored; relative paths are relative to the list file.</remarks>
    /// <exception cref="ConvLensException">The path does not exist.</exception>
    public static DatasetSource FromPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            var images = new List<string>();
            var ignored = new List<SkippedFile>();
            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (IsImagePath(file))
                {
                    images.Add(file);
                }
                else
                {
                    ignored.Add(new SkippedFile(file, $"not an image file type ({ExtensionOf(file)}); accepted: {string.Join(" ", ImageExtensions)}"));
                }
            }

            return new DatasetSource(path, images, ignored);
        }

        if (File.Exists(path))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var lines = File.ReadAllLines(path)
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => Path.IsPathRooted(l) ? l : Path.Combine(folder, l))
                .ToArray();
            return new DatasetSource(path, lines, []);
        }

        throw new ConvLensException($"dataset '{path}' not found: give a folder of images or a text file listing image paths");
    }

    /// <summary>Uses the given paths as they are, in order.</summary>
    public static DatasetSource FromFiles(IEnumerable<string> paths, string description = "files")
    {
        ArgumentNullException.ThrowIfNull(paths);
        return new DatasetSource(description, [.. paths], []);
    }

    private static bool IsImagePath(string file) => ImageExtensions.Contains(ExtensionOf(file), StringComparer.Ordinal);

    private static string ExtensionOf(string file)
    {
        var ext = Path.GetExtension(file).ToLowerInvariant();
        return ext.Length == 0 ? "no extension" : ext;
    }
}
