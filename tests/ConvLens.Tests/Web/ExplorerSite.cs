using ConvLens.Imaging;
using ConvLens.Tests.Support;

namespace ConvLens.Tests.Web;

/// <summary>
/// The folders a test server is started on: a models folder with <see cref="TinyOnnxNet"/>, a data folder with a
/// small image set, and, next to them, an "outside" folder that symbolic links inside point to.
/// </summary>
internal sealed class ExplorerSite : IDisposable
{
    private readonly TempFolder _root = new();

    public ExplorerSite()
    {
        Models = Directory.CreateDirectory(Path.Combine(_root.Path, "models")).FullName;
        Data = Directory.CreateDirectory(Path.Combine(_root.Path, "data")).FullName;
        Outside = Directory.CreateDirectory(Path.Combine(_root.Path, "outside")).FullName;
        Work = Path.Combine(_root.Path, "work");
        TinyOnnxNet.Save(Models);
        TinyOnnxNet.Save(Outside, "secret");
        var images = Directory.CreateDirectory(Path.Combine(Data, "shapes")).FullName;
        for (var i = 0; i < 6; i++)
        {
            File.WriteAllBytes(Path.Combine(images, $"img{i}.png"), ImageEncoder.EncodePng(TestImages.Noise(24, 20, seed: i)));
        }

        File.WriteAllBytes(Path.Combine(Outside, "private.png"), ImageEncoder.EncodePng(TestImages.Noise(8, 8, seed: 99)));
    }

    public string Models { get; }

    public string Data { get; }

    public string Outside { get; }

    /// <summary>The server's work folder (uploads, job files), so tests can see it created and removed.</summary>
    public string Work { get; }

    public void Dispose()
    {
        // WebApplicationFactory stops the host, but the explorer's Main disposes it (and deletes the work folder) on its
        // own thread a moment later: let it finish first, or the two recursive deletes trip over each other.
        SpinWait.SpinUntil(() => !Directory.Exists(Work), TimeSpan.FromSeconds(10));
        _root.Dispose();
    }
}
