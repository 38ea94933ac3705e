using Microsoft.Extensions.Options;

namespace ConvLens.Web;

/// <summary>The server's own working folder (uploads, job files): created at start, deleted when the server stops.</summary>
internal sealed class ExplorerFolders : IDisposable
{
    public ExplorerFolders(IOptions<ServeOptions> options)
    {
        var root = options.Value.WorkFolder
            ?? Path.Combine(Path.GetTempPath(), $"convlens-serve-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Root = Path.GetFullPath(root);
        Images = Directory.CreateDirectory(Path.Combine(Root, "images")).FullName;
        Jobs = Directory.CreateDirectory(Path.Combine(Root, "jobs")).FullName;
    }

    /// <summary>The working folder.</summary>
    public string Root { get; }

    /// <summary>Uploaded images.</summary>
    public string Images { get; }

    /// <summary>One folder per job.</summary>
    public string Jobs { get; }

    /// <summary>Bytes currently stored under <see cref="Root"/>.</summary>
    public long Bytes() =>
        Directory.Exists(Root) ? new DirectoryInfo(Root).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    public void Dispose()
    {
        // Temporary files must not outlive the server (Ctrl+C included: the host disposes its services on shutdown).
        try
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
        catch (DirectoryNotFoundException)
        {
            // A job's or an image's own cleanup removed a sub-folder while the recursive delete walked it; delete the rest.
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }
}
