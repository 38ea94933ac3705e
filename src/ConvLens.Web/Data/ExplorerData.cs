using ConvLens.Visualize.Statistics;
using ConvLens.Web.Http;
using ConvLens.Web.Security;
using Microsoft.Extensions.Options;

namespace ConvLens.Web.Data;

/// <summary>
/// The datasets a statistics job may read: folders (and list files) inside the data folder, every image of which must
/// really lie inside it too (a link or a listed path that leads out refuses the whole dataset).
/// </summary>
internal sealed class ExplorerData(IOptions<ServeOptions> options)
{
    private string? Folder => options.Value.DataFolder;

    /// <summary>The data folder itself ("."), its sub-folders and its .txt list files, as relative paths.</summary>
    public IReadOnlyList<string> List()
    {
        if (Folder is null || ConfinedPath.RealPath(Path.GetFullPath(Folder)) is not { } root)
        {
            return [];
        }

        var entries = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 };
        return
        [
            ".",
            .. Directory.EnumerateDirectories(root, "*", entries)
                .Concat(Directory.EnumerateFiles(root, "*.txt", entries))
                .Where(p => ConfinedPath.RealPath(p) is { } real && ConfinedPath.IsInside(root, real))
                .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
                .Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>Opens <paramref name="relative"/> as a dataset after checking every image path.</summary>
    /// <exception cref="ApiException">No data folder or no such dataset (404), or no images in it (400).</exception>
    /// <exception cref="PathOutsideRootException">The dataset, or an image in it, lies outside the data folder (400).</exception>
    public DatasetSource Open(string? relative)
    {
        if (Folder is null)
        {
            throw new ApiException(StatusCodes.Status404NotFound, "no datasets: the server was started without --data");
        }

        if (relative is null)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "give 'dataset': a folder or list file inside the data folder (GET /api/datasets)");
        }

        var root = ConfinedPath.RealPath(Path.GetFullPath(Folder))!;
        var real = relative == "." ? root : ConfinedPath.Resolve(Folder, relative, "dataset");
        var source = DatasetSource.FromPath(real);
        foreach (var image in source.Images)
        {
            if (ConfinedPath.RealPath(Path.GetFullPath(image)) is { } path && !ConfinedPath.IsInside(root, path))
            {
                throw new PathOutsideRootException($"dataset '{relative}' reaches outside the data folder ({Path.GetFileName(image)} leads out); refused");
            }
        }

        return source.Images.Count > 0
            ? source
            : throw new ApiException(StatusCodes.Status400BadRequest, $"dataset '{relative}' has no images ({string.Join(" ", DatasetSource.ImageExtensions)})");
    }
}
