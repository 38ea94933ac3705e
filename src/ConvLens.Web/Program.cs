using ConvLens.Engine;

namespace ConvLens.Web;

/// <summary>
/// The explorer as its own program (<c>dotnet ConvLens.Web.dll --ConvLens:ModelsFolder=DIR</c>); <c>convlens serve</c>
/// is the usual way in. Also the entry point WebApplicationFactory starts in the tests.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        // Before any tensor exists: libtorch reads its switches at its first allocation (docs/engine.md).
        EngineStartup.Configure();
        using var app = ExplorerHost.Create(args);
        app.Run();
    }
}
