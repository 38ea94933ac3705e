using ConvLens.Web.Http;

namespace ConvLens.Web.Security;

/// <summary>
/// Resolves a client-given relative path inside one allowed folder, following symbolic links, and refuses anything that
/// ends up outside it: the only way a request names a file on disk.
/// </summary>
internal static class ConfinedPath
{
    // Deeper link chains than this are loops (Linux's own limit is 40).
    private const int MaxLinks = 40;

    /// <summary>The real absolute path of <paramref name="relative"/> inside <paramref name="root"/>.</summary>
    /// <param name="root">The allowed folder (itself may be a link).</param>
    /// <param name="relative">What the client sent, e.g. <c>nets/small.onnx</c>.</param>
    /// <param name="what">"model" or "dataset", for the messages.</param>
    /// <exception cref="PathOutsideRootException">Absolute, with "..", or leading out through a link (400).</exception>
    /// <exception cref="ApiException">Inside the folder but not there (404).</exception>
    public static string Resolve(string root, string relative, string what)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (string.IsNullOrWhiteSpace(relative) || relative.Contains('\0', StringComparison.Ordinal))
        {
            throw new PathOutsideRootException($"empty or invalid {what} path");
        }

        if (Path.IsPathRooted(relative) || relative.StartsWith('~'))
        {
            throw new PathOutsideRootException($"{what} path '{relative}' is absolute; give a path relative to the {what}s folder");
        }

        var parts = relative.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(p => p == ".."))
        {
            throw new PathOutsideRootException($"{what} path '{relative}' climbs out with '..'; give a path inside the {what}s folder");
        }

        var realRoot = RealPath(Path.GetFullPath(root)) ?? throw new ApiException(StatusCodes.Status404NotFound, $"the {what}s folder does not exist");
        var real = RealPath(Path.Combine([realRoot, .. parts.Where(p => p != ".")]))
            ?? throw new ApiException(StatusCodes.Status404NotFound, $"{what} '{relative}' not found in the {what}s folder");
        if (!IsInside(realRoot, real))
        {
            throw new PathOutsideRootException($"{what} path '{relative}' leads out of the {what}s folder (through a symbolic link)");
        }

        return real;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it (both real, absolute).</summary>
    public static bool IsInside(string root, string path) =>
        path == root || path.StartsWith(Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link along it resolved, or null when some part does not exist.</summary>
    public static string? RealPath(string absolute)
    {
        var links = 0;
        var pending = new Stack<string>(absolute.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = Path.GetPathRoot(absolute) ?? "/";
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (!info.Exists)
            {
                return null;
            }

            if (info.LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            // The target replaces this part; its own parts (which may be links too) are resolved in turn, a relative
            // target from the link's folder.
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target) ?? "/";
            }

            foreach (var p in target.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(p);
            }
        }

        return current;
    }
}
